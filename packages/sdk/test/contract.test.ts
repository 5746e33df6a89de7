import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { OPERATIONS, WEBHOOK_CATALOG, type WebhookEventName } from "@tandem/contract";
import { ENDPOINTS, type EndpointName } from "../src/client/endpoints.js";
import { WEBHOOK_ROUTES } from "../src/index.js";

const distFiles = (directory: string): string[] =>
  readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return distFiles(path);
    return name.endsWith(".js") ? [path] : [];
  });

/** The SDK's tables of paths are the contract's, and its built code carries none of the contract. */
describe("the SDK and the contract", () => {
  it("calls every endpoint with the method and path the contract declares", () => {
    for (const name of Object.keys(ENDPOINTS) as EndpointName[]) {
      const operation = OPERATIONS.find((candidate) => candidate.operationId === name);
      assert.ok(operation, `${name} is no operation of the contract`);
      assert.equal(ENDPOINTS[name].method, operation.method, name);
      assert.equal(ENDPOINTS[name].path, operation.path, name);
    }
  });

  it("has an endpoint for every operation of the directory's own", () => {
    const directoryOnly = OPERATIONS.filter(
      (operation) => operation.credentials.length === 1 && operation.credentials[0] === "directory",
    );
    assert.ok(directoryOnly.length > 0);
    for (const operation of directoryOnly) {
      assert.ok(operation.operationId in ENDPOINTS, `${operation.operationId} has no endpoint`);
    }
  });

  it("routes every webhook kind by the method and path of the catalog", () => {
    assert.deepEqual(Object.keys(WEBHOOK_ROUTES).sort(), Object.keys(WEBHOOK_CATALOG).sort());
    for (const kind of Object.keys(WEBHOOK_CATALOG) as WebhookEventName[]) {
      assert.equal(WEBHOOK_ROUTES[kind].method, WEBHOOK_CATALOG[kind].method, kind);
      assert.equal(WEBHOOK_ROUTES[kind].path, WEBHOOK_CATALOG[kind].path, kind);
    }
  });

  it("loads no schema library and nothing of Node at run time: its built code imports only standardwebhooks", () => {
    const dist = new URL("../dist", import.meta.url).pathname;
    let bytes = 0;
    const imported = new Set<string>();
    for (const file of distFiles(dist)) {
      const code = readFileSync(file, "utf8");
      bytes += Buffer.byteLength(code);
      // Web globals only (fetch, Web Crypto, TextEncoder), so that Deno, Bun and workers run it too.
      assert.doesNotMatch(code, /\b(Buffer|process|require)\b[.(]/, file);
      for (const [, specifier = ""] of code.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gm)) {
        if (!specifier.startsWith(".")) imported.add(specifier);
      }
    }
    console.log(`# dist: ${distFiles(dist).length} files, ${(bytes / 1024).toFixed(1)} KiB of JavaScript`);
    assert.deepEqual([...imported], ["standardwebhooks"]);
  });
});
