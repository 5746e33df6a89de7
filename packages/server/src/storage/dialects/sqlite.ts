import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Kysely, SqliteDialect, sql } from "kysely";
import type { Database } from "../schema.js";
import { withCapabilities } from "./capabilities.js";
import { LocalNotifier } from "./local-notifier.js";
import { startCheckpointer } from "./sqlite-checkpointer.js";
import { StatementCache } from "./sqlite-statement-cache.js";
import type { StorageDialect } from "./types.js";

export function sqliteDialect(file: string): StorageDialect {
  return {
    name: "sqlite",
    createKyselyDialect() {
      const dialect = new SqliteDialect({
        // Loaded on first use, so a PostgreSQL deployment never needs SQLite's native module.
        database: async () => {
          const { default: SqliteDatabase } = await import("better-sqlite3");
          if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
          const database = new SqliteDatabase(file);
          // WAL lets readers run beside the single writer; NORMAL sync is still durable at each WAL
          // checkpoint boundary and survives process crashes (only an OS crash can lose the last commits).
          database.pragma("journal_mode = WAL");
          database.pragma("synchronous = NORMAL");
          database.pragma("foreign_keys = ON");
          database.pragma("busy_timeout = 5000");
          // 32 MB of page cache instead of SQLite's 2 MB: the worker's look-ups of a conversation's
          // next delivery missed the cache and read from the file (46 µs → under 10 µs). It fills
          // only as pages are read, so idle memory is unchanged.
          database.pragma("cache_size = -32768");
          if (file === ":memory:") return new StatementCache(database);
          const checkpointer = startCheckpointer(file, database);
          return new StatementCache(database, () => checkpointer.close());
        },
      });
      return withCapabilities(dialect, { statementsAreLocal: true, arrayParameters: false });
    },
    autoIncrementType: "integer",
    autoIncrement: (column) => column.primaryKey().autoIncrement(),
    supportsSkipLocked: false,
    singleWriter: true,
    // One writer at a time: transactions already commit in the order they wrote.
    lockKeys: async () => undefined,
    async prepare(db: Kysely<Database>) {
      await sql`select 1`.execute(db);
    },
    createNotifier: () => new LocalNotifier(),
  };
}
