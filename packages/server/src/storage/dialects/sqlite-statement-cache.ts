import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * Kysely prepares every query afresh; preparing cost as much as running (a CPU profile of ingest
 * showed 15 % of all time in `prepare`). The same SQL text always gets the same statement back,
 * which is safe because this connection runs one query at a time.
 */
export class StatementCache implements SqliteDatabase {
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(
    private readonly database: BetterSqlite3.Database,
    /** Runs before the connection closes (the checkpoint thread's own connection goes first). */
    private readonly beforeClose: () => void = () => undefined,
    private readonly limit = 1_000,
  ) {}

  prepare(sql: string): SqliteStatement {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    const statement = this.database.prepare(sql);
    if (this.statements.size >= this.limit) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  close(): void {
    this.beforeClose();
    this.statements.clear();
    this.database.close();
  }
}
