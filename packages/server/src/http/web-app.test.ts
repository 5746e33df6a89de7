import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import { installErrorHandler } from "./error-handler.js";
import { registerWebApp } from "./web-app.js";

async function serve(root: string): Promise<FastifyInstance> {
  const http = Fastify();
  installErrorHandler(http);
  http.get("/api/known", async () => ({ success: true, data: {} }));
  await registerWebApp(http, root);
  await http.ready();
  return http;
}

describe("the conversation page at /", () => {
  let root: string;
  let http: FastifyInstance;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "tandem-web-"));
    mkdirSync(join(root, "assets"));
    writeFileSync(join(root, "index.html"), "<!doctype html><title>page</title>");
    writeFileSync(join(root, "assets", "index-abc123.js"), "console.log(1)");
    writeFileSync(join(root, "favicon.svg"), "<svg/>");
    writeFileSync(join(root, "..", "secret.txt"), "outside");
    http = await serve(root);
  });

  after(async () => {
    await http.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("serves index.html at / and for the page's own paths, never cached", async () => {
    for (const url of ["/", "/conversations/abc", "/settings/deliveries?x=1"]) {
      const answer = await http.inject({ method: "GET", url });
      assert.equal(answer.statusCode, 200, url);
      assert.match(String(answer.headers["content-type"]), /text\/html/);
      assert.equal(answer.body, "<!doctype html><title>page</title>");
      assert.equal(answer.headers["cache-control"], "no-cache");
      assert.match(String(answer.headers["content-security-policy"]), /default-src 'self'/);
    }
  });

  it("serves built files, caching the hashed assets for good", async () => {
    const asset = await http.inject({ method: "GET", url: "/assets/index-abc123.js" });
    assert.equal(asset.statusCode, 200);
    assert.equal(asset.body, "console.log(1)");
    assert.match(String(asset.headers["cache-control"]), /immutable/);
    const icon = await http.inject({ method: "GET", url: "/favicon.svg" });
    assert.equal(icon.statusCode, 200);
    assert.doesNotMatch(String(icon.headers["cache-control"]), /immutable/);
  });

  it("keeps the server's own paths: their unknown routes are the JSON 404, known ones unchanged", async () => {
    for (const url of [
      "/api/nothing",
      "/platform/v1/nothing",
      "/business/x",
      "/oauth/x",
      "/app/x",
      "/metrics/x",
    ]) {
      const answer = await http.inject({ method: "GET", url });
      assert.equal(answer.statusCode, 404, url);
      assert.equal(answer.json().success, false, url);
    }
    assert.equal((await http.inject({ method: "GET", url: "/api/known" })).json().success, true);
    assert.equal((await http.inject({ method: "POST", url: "/conversations/abc" })).statusCode, 404);
  });

  it("never serves a file from outside its folder", async () => {
    for (const url of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"]) {
      const answer = await http.inject({ method: "GET", url });
      assert.doesNotMatch(answer.body, /outside/, url);
    }
  });

  it("says how to build the page when it has not been built", async () => {
    const empty = mkdtempSync(join(tmpdir(), "tandem-web-empty-"));
    const bare = await serve(empty);
    try {
      const answer = await bare.inject({ method: "GET", url: "/" });
      assert.equal(answer.statusCode, 200);
      assert.match(answer.body, /npm run build/);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
