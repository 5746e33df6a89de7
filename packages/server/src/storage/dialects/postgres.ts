import { type Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "../schema.js";
import { PostgresNotifier } from "./postgres-notifier.js";
import type { StorageDialect } from "./types.js";

// int8 (bigserial ids, counts) fits a JS number for any id Tandem will reach.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** The first half of Tandem's advisory lock ids, so they never collide with another application's. */
const ADVISORY_NAMESPACE = 0x7a4d;

export interface PostgresOptions {
  connectionString: string;
  /** A schema of its own (tests give each run one); `public` when absent. */
  schema?: string;
  poolSize?: number;
}

export function postgresDialect(options: PostgresOptions): StorageDialect {
  const schema = options.schema;
  return {
    name: "postgres",
    createKyselyDialect() {
      const pool = new pg.Pool({
        connectionString: options.connectionString,
        max: options.poolSize ?? 10,
        ...(schema ? { options: `-c search_path=${schema}` } : {}),
      });
      return new PostgresDialect({ pool });
    },
    ...(schema ? { schema } : {}),
    autoIncrementType: "bigserial",
    autoIncrement: (column) => column.primaryKey(),
    supportsSkipLocked: true,
    singleWriter: false,
    async lockKeys(db, keys) {
      if (keys.length === 0) return;
      // Transaction-level advisory locks in Tandem's own namespace (the first number), one per key.
      await sql`select pg_advisory_xact_lock(${ADVISORY_NAMESPACE}, hashtext(key))
        from (select distinct unnest(${[...keys]}::text[]) as key order by 1) as sorted`.execute(db);
    },
    async prepare(db: Kysely<Database>) {
      if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    },
    createNotifier: (db, notifierOptions) =>
      new PostgresNotifier(db, {
        ...notifierOptions,
        connectionString: options.connectionString,
        scope: schema ?? "public",
      }),
  };
}
