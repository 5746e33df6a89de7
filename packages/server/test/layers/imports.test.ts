import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../../../..");
const SOURCE = join(import.meta.dirname, "../../src");
const BIOME = join(ROOT, "node_modules/.bin/biome");

/** Biome's lint, on some files, as `npm test` runs it: its exit code and what it printed. */
async function lint(files: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(BIOME, ["lint", ...files], { cwd: ROOT });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: `${failed.stdout}${failed.stderr}` };
  }
}

/** A file in `folder` that imports storage's types: the lint must refuse it with the layer's message. */
async function assertRefusesStorageIn(folder: string, message: RegExp): Promise<void> {
  const fixture = join(SOURCE, folder, `layer-fixture-${process.pid}.ts`);
  const storage = relative(join(SOURCE, folder), join(SOURCE, "storage/schema.js"));
  writeFileSync(
    fixture,
    `import type { Database } from "${storage}";\n\nexport const leak = (db: unknown) => db as Database;\n`,
  );
  try {
    const { code, output } = await lint([relative(ROOT, fixture)]);
    assert.notEqual(code, 0, output);
    assert.match(output, /noRestrictedImports/);
    assert.match(output, message);
  } finally {
    rmSync(fixture, { force: true });
  }
}

test("the layer lint refuses a route that imports storage", async () => {
  await assertRefusesStorageIn("routes", /routes reach the database only through the domain/);
});

test("the layer lint refuses an operator command that imports storage: they go through the API", async () => {
  await assertRefusesStorageIn("cli/operator", /operator's commands reach Tandem through its API/);
});

test("every layer keeps to its imports", async () => {
  const { code, output } = await lint(["packages/server/src", "packages/web/src", "packages/contract/src"]);
  assert.equal(code, 0, output);
});

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

test("routes get no database handle: they call the domain", () => {
  const found = sourceFiles(join(SOURCE, "routes")).flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, index) =>
        /\.db\b/.test(line) ? [`${relative(SOURCE, file)}:${index + 1}: ${line.trim()}`] : [],
      ),
  );
  assert.deepEqual(found, [], `routes reaching the database:\n${found.join("\n")}`);
});
