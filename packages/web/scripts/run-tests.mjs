#!/usr/bin/env node
// Runs packages/web/test/*.test.ts with Node's own test runner: unit tests of the page's logic, and
// browser tests that drive Debian's Chromium against the real server (run `npm run build` first;
// `npm test` does). Node 20's runner has no glob for .ts files, so this lists them.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filter = process.argv.slice(2);
const files = readdirSync(join(root, "test"))
  .filter((name) => name.endsWith(".test.ts"))
  .map((name) => join("test", name))
  .filter((path) => filter.length === 0 || filter.some((part) => path.includes(part)))
  .sort();

if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}

// Each browser test file runs its own server and browser; two at once is what two cores carry well.
const concurrency = process.env.TEST_CONCURRENCY ?? "2";
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
process.exit(result.status ?? 1);
