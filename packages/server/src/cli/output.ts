/* How the command line shows answers to a person: aligned tables, and `key: value` for one thing. */

/** A value in a cell: `-` for nothing, lists joined by commas, objects as compact JSON. */
export function cell(value: unknown): string {
  if (value === null || value === undefined || value === "") return "-";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return value.length ? value.join(",") : "-";
  }
  return JSON.stringify(value);
}

/** Columns padded to their widest cell, two spaces apart; the last one left unpadded. */
export function alignedTable(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => (row[column] ?? "").length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((text, column) => (column === row.length - 1 ? text : text.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** A table of `items`, one column per named field (or computed value); `(no …)` when there are none. */
export function table<Item>(
  items: readonly Item[],
  columns: ReadonlyArray<readonly [string, (item: Item) => unknown]>,
  nothing: string,
): string {
  if (items.length === 0) return `(${nothing})`;
  const rows = items.map((item) => columns.map(([, value]) => cell(value(item))));
  return alignedTable(
    columns.map(([name]) => name),
    rows,
  ).join("\n");
}

/** One thing as `key: value` lines, keys aligned. */
export function details(entries: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(entries);
  const width = Math.max(0, ...keys.map((key) => key.length + 1));
  return keys.map((key) => `${`${key}:`.padEnd(width)} ${cell(entries[key])}`).join("\n");
}

/** The line under a listed page: where it stands among all. */
export function pageLine(pagination: { page: number; per_page: number; total: number }): string {
  const pages = Math.max(1, Math.ceil(pagination.total / pagination.per_page));
  return `page ${pagination.page} of ${pages} (${pagination.total} in all, ${pagination.per_page} a page)`;
}
