import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, DIALECTS, directory, startServer, type TestServer } from "@tandem/test-support";

/** What an operator relies on: health, readiness, metrics, the generated API reference. */
for (const dialect of DIALECTS) {
  describe(`operations endpoints on ${dialect}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(async () => server?.close());

    it("answers health and readiness", async () => {
      assert.deepEqual((await call(server.url, "GET", "/healthz")).body, { status: "ok" });
      const ready = await call(server.url, "GET", "/readyz");
      assert.equal(ready.status, 200);
      assert.equal(ready.body.status, "ready");
    });

    it("exposes Prometheus metrics, webhook queue figures included", async () => {
      await directory(server).get("/platform/v1/apps");
      const metrics = await call(server.url, "GET", "/metrics");
      assert.equal(metrics.status, 200);
      const text = String(metrics.body);
      assert.match(
        text,
        /tandem_http_requests_total\{method="GET",route="\/platform\/v1\/apps",status="200"\} 1/,
      );
      assert.match(text, /tandem_webhook_queue_depth 0/);
      assert.match(text, /tandem_webhook_oldest_undelivered_age_seconds 0/);
      assert.match(text, /tandem_process_resident_memory_bytes/);
    });

    it("serves an OpenAPI 3.1 document generated from the validating schemas, and a reference UI", async () => {
      const spec = await call(server.url, "GET", "/openapi.json");
      assert.equal(spec.status, 200);
      assert.equal(spec.body.openapi, "3.1.0");
      const createMessage = spec.body.paths["/business/communication/messages"].post;
      const schema = createMessage.requestBody.content["application/json"].schema;
      assert.deepEqual([...schema.required].sort(), [
        "channel_uid",
        "external_uid",
        "message",
        "message_uid",
      ]);
      assert.equal(schema.properties.message.maxLength, 10_000);
      const docs = await fetch(`${server.url}/docs/`);
      assert.equal(docs.status, 200);
      assert.match(await docs.text(), /swagger/i);
    });

    it("echoes a caller's x-request-id and makes one otherwise", async () => {
      const echoed = await call(server.url, "GET", "/healthz", undefined, {
        headers: { "x-request-id": "trace-123" },
      });
      assert.equal(echoed.headers.get("x-request-id"), "trace-123");
      const made = await call(server.url, "GET", "/healthz");
      assert.match(made.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
    });
  });
}
