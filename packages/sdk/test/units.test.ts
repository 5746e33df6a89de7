import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Webhook } from "standardwebhooks";
import { fillPath } from "../src/client/endpoints.js";
import { backoffMs, retryAfterMs, retryPolicy } from "../src/client/retry.js";
import { MemorySeenStore, WebhookHandler } from "../src/index.js";
import { pathUnder } from "../src/webhooks/adapters/base-path.js";

describe("the SDK's small parts", () => {
  it("reads retry-after as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-12-03T01:00:00Z");
    assert.equal(retryAfterMs("2", now), 2_000);
    assert.equal(retryAfterMs("0.5", now), 500);
    assert.equal(retryAfterMs("Thu, 03 Dec 2026 01:00:30 GMT", now), 30_000);
    assert.equal(retryAfterMs("Thu, 03 Dec 2026 00:59:00 GMT", now), 0);
    assert.equal(retryAfterMs("soon", now), undefined);
    assert.equal(retryAfterMs(null, now), undefined);
  });

  it("backs off with jitter under a doubling ceiling, capped", () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000 });
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(policy, attempt, () => 1)),
      [100, 200, 400, 800, 1_000, 1_000],
    );
    assert.equal(
      backoffMs(policy, 3, () => 0),
      0,
    );
  });

  it("fills a path's values encoded, and refuses a missing one", () => {
    assert.equal(fillPath("/messages/:message_uid", { message_uid: "a/b c" }), "/messages/a%2Fb%20c");
    assert.throws(() => fillPath("/channels/:uid", {}), /needs uid/);
  });

  it("finds a path under the base path, and nothing outside it", () => {
    assert.equal(pathUnder("/app/messages?x=1", "/app"), "/messages");
    assert.equal(pathUnder("/app", "/app/"), "/");
    assert.equal(pathUnder("/application/messages", "/app"), null);
    assert.equal(pathUnder("/messages", ""), "/messages");
  });

  it("keeps the most recent webhook-ids, as many as its capacity", () => {
    const seen = new MemorySeenStore(3);
    for (const id of ["a", "b", "c", "d"]) seen.add(id);
    assert.deepEqual(
      ["a", "b", "c", "d"].map((id) => seen.has(id)),
      [false, true, true, true],
    );
    seen.add("b");
    seen.add("e");
    assert.deepEqual(
      ["b", "c", "d", "e"].map((id) => seen.has(id)),
      [true, false, true, true],
    );
  });

  it("runs the app's code once for a repeat that arrives while the first is being handled", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let release = () => {};
    let calls = 0;
    const handler = new WebhookHandler({
      secret,
      onTyping: () => {
        calls++;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    const at = new Date();
    const body = JSON.stringify({ typing: true });
    const request = {
      method: "POST",
      path: "/s-1/typing",
      body,
      headers: (name: string) =>
        ({
          "webhook-id": "msg_1",
          "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
          "webhook-signature": new Webhook(secret).sign("msg_1", at, body),
        })[name],
    };
    const first = handler.handle(request);
    const repeat = await handler.handle(request);
    assert.equal(repeat.status, 409);
    release();
    assert.equal((await first).status, 204);
    assert.equal((await handler.handle(request)).status, 204);
    assert.equal(calls, 1);
  });
});
