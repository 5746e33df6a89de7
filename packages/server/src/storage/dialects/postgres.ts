import { type Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, sql } from "kysely";
import pg from "pg";
import { fixedStatementName } from "../prepared.js";
import type { Database } from "../schema.js";
import { withCapabilities } from "./capabilities.js";
import { PostgresNotifier } from "./postgres-notifier.js";
import type { StorageDialect } from "./types.js";

// int8 (bigserial ids, counts) fits a JS number for any id Tandem will reach.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** The first half of Tandem's advisory lock ids, so they never collide with another application's. */
const ADVISORY_NAMESPACE = 0x7a4d;

/**
 * The pool as Kysely sees it, with clients that send Tandem's fixed statements (PreparedQuery) as
 * named statements: PostgreSQL parses and plans each once per connection instead of on every run.
 * Under ingest load, PostgreSQL's own CPU was the limit, much of it spent planning the same texts.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let preparing = clients.get(client);
      if (!preparing) {
        preparing = preparingClient(client);
        clients.set(client, preparing);
      }
      return preparing;
    },
    end: () => pool.end(),
  };
}

function preparingClient(client: pg.PoolClient): PostgresPoolClient {
  const query = (textOrCursor: unknown, values?: readonly unknown[]) => {
    if (typeof textOrCursor !== "string") return client.query(textOrCursor as pg.Submittable);
    const name = fixedStatementName(textOrCursor);
    return client.query({ text: textOrCursor, values: [...(values ?? [])], ...(name ? { name } : {}) });
  };
  // pg's own typings are wider than the two shapes Kysely calls, which are the ones handled here.
  return { query, release: () => client.release() } as unknown as PostgresPoolClient;
}

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
      return withCapabilities(new PostgresDialect({ pool: preparingPool(pool) }), {
        statementsAreLocal: false,
        arrayParameters: true,
      });
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
