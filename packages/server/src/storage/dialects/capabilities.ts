import type { Dialect, DialectAdapter, Kysely } from "kysely";
import type { Database } from "../schema.js";

/**
 * What shared code may ask of the database it runs on, as Kysely's own adapters answer
 * `supportsReturning`: flags, never the database's name or class.
 */
export interface StatementCapabilities {
  /**
   * Statements run in the process (SQLite): one statement for many rows or keys saves no round
   * trip, so the one-row forms are used.
   */
  statementsAreLocal: boolean;
  /** Parameters may be arrays (`any($1)`, `unnest($1::text[])`): the set-based forms are possible. */
  arrayParameters: boolean;
}

/** Keyed by the adapter, which every transaction of one database shares. */
const capabilitiesByAdapter = new WeakMap<DialectAdapter, StatementCapabilities>();

/** The Kysely dialect, with its adapter remembered as having `capabilities`. */
export function withCapabilities(dialect: Dialect, capabilities: StatementCapabilities): Dialect {
  return {
    createAdapter() {
      const adapter = dialect.createAdapter();
      capabilitiesByAdapter.set(adapter, capabilities);
      return adapter;
    },
    createDriver: () => dialect.createDriver(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

export function capabilitiesOf(db: Kysely<Database>): StatementCapabilities {
  const capabilities = capabilitiesByAdapter.get(db.getExecutor().adapter);
  if (!capabilities) throw new Error("this database was not opened through a Tandem storage dialect");
  return capabilities;
}
