#!/usr/bin/env node
// Runs a package's tests (its test/ folder and src/**/*.test.ts) with Node's own test runner, from
// the package's folder: `npm test` there, or `npm test -- guide-flow` for the files whose path matches.
// Node 20's runner has no glob support for .ts files, so this finds them and hands them over.
// Two files at a time: each starts its own servers (and, for the page, a browser); two cores carry two.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = process.cwd();
const filter = process.argv.slice(2);

function findTests(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

const files = ["src", "test"]
  .filter((folder) => existsSync(join(root, folder)))
  .flatMap((folder) => findTests(join(root, folder)))
  .map((path) => relative(root, path))
  .filter((path) => filter.length === 0 || filter.some((part) => path.includes(part)))
  .sort();

if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}

const concurrency = process.env.TEST_CONCURRENCY ?? "2";
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
process.exit(result.status ?? 1);
