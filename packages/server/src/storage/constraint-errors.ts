/** True when a write failed on a unique constraint (better-sqlite3 and pg report it differently). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** True when the database gave up on a write to break a deadlock or a serialization conflict: trying again works. */
export function isTransientConflict(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === "40P01" || code === "40001" || code === "SQLITE_BUSY";
}

/** True when a statement named a schema that does not exist (PostgreSQL's invalid_schema_name). */
export function isSchemaGone(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  return (error as { code?: unknown }).code === "3F000";
}
