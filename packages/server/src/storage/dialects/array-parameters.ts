import { type AliasedRawBuilder, type RawBuilder, sql } from "kysely";

/*
 * SQL for databases whose parameters may be arrays (`arrayParameters`: PostgreSQL). A statement
 * that takes its keys as one array has the same text for any number of them, so it is prepared
 * once; shared code builds with these instead of writing the SQL itself.
 */

/** The right side of `column = any($1)`: equal to any element of the array parameter. */
export function anyOf<T>(values: unknown): RawBuilder<T> {
  return sql<T>`any(${values})`;
}

/** `(first, second) in` the pairs given as two text arrays of the same length. */
export function pairIn(
  columns: readonly [string, string],
  firsts: unknown,
  seconds: unknown,
): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(columns[0])}, ${sql.ref(columns[1])}) in (select * from unnest(${firsts}::text[], ${seconds}::text[]))`;
}

/**
 * Rows made of text arrays given column by column, numbered from 1 in their order as `position`:
 * `select … from rowsOfArrays(…) join …` joins many rows to a table in one statement.
 */
export function rowsOfArrays<Row extends Record<string, unknown>, Alias extends string>(
  columns: readonly (keyof Row & string)[],
  arrays: readonly unknown[],
  alias: Alias,
): AliasedRawBuilder<Row & { position: number }, Alias> {
  return sql<Row & { position: number }>`(select * from unnest(${sql.join(
    arrays.map((array) => sql`${array}::text[]`),
  )}) with ordinality as rows(${sql.join(columns.map((column) => sql.id(column)))}, position))`.as(alias);
}

/** A statement that reads nothing, to learn that the database answers. */
export const ping = sql`select 1`;
