import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely";
import type { Database } from "./schema.js";

/** The named values a prepared query is run with. */
type Values = object;

/** Stands for a value in a query being prepared; replaced by the real one at each run. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** Hands out placeholders typed as the values they stand for, so the builder type-checks as usual. */
export type ValueOf<V extends Values> = <K extends keyof V & string>(name: K) => V[K];

/** Every SQL text a PreparedQuery compiled, with a name the database may prepare it under. */
const fixedStatements = new Map<string, string>();

/**
 * The name under which a database may keep `sql` prepared, when it is one of the fixed texts
 * compiled here (PostgreSQL then parses and plans it once per connection, not on every run).
 */
export function fixedStatementName(sql: string): string | undefined {
  return fixedStatements.get(sql);
}

interface Compiled {
  template: CompiledQuery;
  /** For each SQL parameter: the name of the value to put there, or a constant of the query. */
  slots: ReadonlyArray<{ name: string } | { constant: unknown }>;
}

/**
 * A query built and compiled once per database dialect, then run with new values.
 *
 * Kysely builds every query afresh from immutable, frozen nodes and compiles it again; on ingest
 * that was a fifth of the CPU (profile in bench/FINDINGS.md). The hot queries are written with the
 * same builder, so they stay typed and portable, but pay for it once. Placeholders may stand for
 * single values only (not for `in` lists, whose SQL changes with their length).
 */
export class PreparedQuery<V extends Values, Row> {
  /** Keyed by the dialect's adapter, which every transaction of one database shares. */
  private readonly compiled = new WeakMap<object, Compiled>();

  constructor(private readonly build: (db: Kysely<Database>, value: ValueOf<V>) => Compilable<Row>) {}

  private compile(db: Kysely<Database>): Compiled {
    const adapter = db.getExecutor().adapter;
    const cached = this.compiled.get(adapter);
    if (cached) return cached;
    const value = ((name: string) => new Placeholder(name)) as ValueOf<V>;
    const template = this.build(db, value).compile();
    const slots = template.parameters.map((parameter) =>
      parameter instanceof Placeholder ? { name: parameter.name } : { constant: parameter },
    );
    if (!fixedStatements.has(template.sql))
      fixedStatements.set(template.sql, `tandem_${fixedStatements.size + 1}`);
    const compiled = { template, slots };
    this.compiled.set(adapter, compiled);
    return compiled;
  }

  /** The statement as compiled for `db`'s database, its values still placeholders: for reading its query plan. */
  statement(db: Kysely<Database>): CompiledQuery {
    return this.compile(db).template;
  }

  execute(db: Kysely<Database>, values: V): Promise<QueryResult<Row>> {
    const { template, slots } = this.compile(db);
    const named = values as Record<string, unknown>;
    const parameters = slots.map((slot) => ("name" in slot ? named[slot.name] : slot.constant));
    return db.executeQuery<Row>({ ...template, parameters } as CompiledQuery<Row>);
  }

  async first(db: Kysely<Database>, values: V): Promise<Row | undefined> {
    return (await this.execute(db, values)).rows[0];
  }

  async all(db: Kysely<Database>, values: V): Promise<Row[]> {
    return (await this.execute(db, values)).rows;
  }

  /** Rows an UPDATE, INSERT or DELETE touched. */
  async affected(db: Kysely<Database>, values: V): Promise<number> {
    return Number((await this.execute(db, values)).numAffectedRows ?? 0n);
  }
}

/** `new PreparedQuery(build)`, with the values' type written once at the call. */
export function prepare<V extends Values>() {
  return <Row>(build: (db: Kysely<Database>, value: ValueOf<V>) => Compilable<Row>) =>
    new PreparedQuery<V, Row>(build);
}
