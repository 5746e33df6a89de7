import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const SOURCE = join(import.meta.dirname, "../../src");
const DIALECTS = join(SOURCE, "storage/dialects");

/** What only one database understands: SQL written as text, or code asking which database it is. */
const DIALECT_SPECIFIC = [
  { pattern: /\bsql(<[^>]*>)?`/, what: "SQL text (sql`…`)" },
  { pattern: /\bsql\.(raw|join)\(/, what: "SQL text (sql.raw / sql.join)" },
  { pattern: /instanceof\s+\w*(Adapter|Dialect)\b/, what: "a check of the dialect's class" },
  {
    pattern: /(dialect\.name|\.name)\s*[!=]==?\s*["'](sqlite|postgres)["']/,
    what: "a check of the dialect's name",
  },
];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return path === DIALECTS ? [] : sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

test("SQL text and dialect checks live only in storage/dialects/", () => {
  const found: string[] = [];
  for (const file of sourceFiles(SOURCE)) {
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, index) => {
        if (line.trimStart().startsWith("*") || line.trimStart().startsWith("//")) return;
        for (const { pattern, what } of DIALECT_SPECIFIC) {
          if (pattern.test(line))
            found.push(`${relative(SOURCE, file)}:${index + 1}: ${what}: ${line.trim()}`);
        }
      });
  }
  assert.deepEqual(found, [], `dialect-specific code outside storage/dialects/:\n${found.join("\n")}`);
});

test("the check finds SQL text where it should not be", () => {
  const line = "const rows = await sql<Row>`select * from messages`.execute(db);";
  assert.ok(DIALECT_SPECIFIC.some(({ pattern }) => pattern.test(line)));
});
