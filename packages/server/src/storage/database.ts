import { join } from "node:path";
import { Kysely, Migrator } from "kysely";
import { isSchemaGone } from "./constraint-errors.js";
import { sqliteDialect } from "./dialects/sqlite.js";
import type { StorageDialect } from "./dialects/types.js";
import { migrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";

export interface Storage {
  db: Kysely<Database>;
  dialect: StorageDialect;
  close(): Promise<void>;
}

export interface StorageOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL schema to use instead of `public` (tests isolate runs with it). */
  postgresSchema?: string;
}

/** The driver of the other database is never loaded: `pg` alone took about 60 ms of a cold start on SQLite. */
export async function chooseDialect(options: StorageOptions): Promise<StorageDialect> {
  if (options.databaseUrl?.startsWith("postgres")) {
    const { postgresDialect } = await import("./dialects/postgres.js");
    const url = new URL(options.databaseUrl);
    const schema = options.postgresSchema ?? url.searchParams.get("schema") ?? undefined;
    url.searchParams.delete("schema");
    return postgresDialect({ connectionString: url.toString(), ...(schema ? { schema } : {}) });
  }
  const file = options.databaseUrl?.startsWith("sqlite:")
    ? options.databaseUrl.slice("sqlite:".length)
    : join(options.dataDir, "tandem.sqlite");
  return sqliteDialect(file);
}

export async function openStorage(options: StorageOptions): Promise<Storage> {
  const dialect = await chooseDialect(options);
  const db = new Kysely<Database>({ dialect: dialect.createKyselyDialect() });
  await dialect.prepare(db);
  return { db, dialect, close: () => db.destroy() };
}

/** Kysely's look-up of its bookkeeping tables lists every schema's tables at once. */
const LISTING_ATTEMPTS = 5;

export async function migrate(storage: Storage): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across every schema; naming ours keeps runs that
  // share a database (tests, several tenants of one server) from seeing each other's.
  const migrator = new Migrator({
    db: storage.db,
    provider: migrationProvider(storage.dialect),
    ...(storage.dialect.schema ? { migrationTableSchema: storage.dialect.schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    try {
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error;
      return (results ?? [])
        .filter((result) => result.status === "Success")
        .map((result) => result.migrationName);
    } catch (error) {
      // Another schema of the same database dropped while that listing ran fails it
      // (invalid_schema_name); nothing was migrated yet, and the next listing no longer sees it.
      if (attempt >= LISTING_ATTEMPTS || !isSchemaGone(error)) throw error;
    }
  }
}
