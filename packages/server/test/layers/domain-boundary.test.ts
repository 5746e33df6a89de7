import assert from "node:assert/strict";

// Which layers the domain may import is the layer lint's (biome.json); this checks what a lint cannot: its words.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const SOURCE = join(import.meta.dirname, "../../src");
const DOMAIN = join(SOURCE, "domain");

/** A route named in code (not a comment): a method and a path, or a quoted absolute path. */
const ROUTE_PATH = /\b(GET|POST|PUT|PATCH|DELETE)\s+\/|["'`]\/[a-z{]/;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

const isComment = (line: string) => /^\s*(\*|\/\/|\/\*)/.test(line);

function findings(check: (line: string) => string | null): string[] {
  return sourceFiles(DOMAIN).flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, index) => {
        const what = isComment(line) ? null : check(line);
        return what ? [`${relative(SOURCE, file)}:${index + 1}: ${what}: ${line.trim()}`] : [];
      }),
  );
}

const routeNamed = (line: string): string | null =>
  !isComment(line) && ROUTE_PATH.test(line) ? "a route path" : null;

test("the domain's code and messages name no route", () => {
  const found = findings(routeNamed);
  assert.deepEqual(found, [], `the domain names routes:\n${found.join("\n")}`);
});

test("the check finds a route path, in code and not in comments", () => {
  assert.ok(routeNamed('message: "open one with POST /sessions",'));
  assert.ok(routeNamed('const path = "/sessions/x";'));
  assert.equal(routeNamed('message: "the channel is deleted",'), null);
  assert.equal(routeNamed(" * `POST /sessions`: the existing session again"), null);
});
