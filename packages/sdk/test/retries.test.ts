import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Tandem, TandemDirectory } from "../src/index.js";
import { failure } from "./support/failure.js";
import { ok, rateLimited, type Scripted, ScriptedServer, unavailable } from "./support/scripted-server.js";

const CHANNEL = "0192f0c0-0000-7000-8000-000000000001";

/** An SDK with a fixed token against a scripted server; fast backoff so the suite stays short. */
async function against(script: Scripted[]) {
  const server = new ScriptedServer(script);
  await server.start();
  const tandem = new Tandem({
    baseUrl: server.url,
    accessToken: "fixed-token",
    retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 5_000 },
  });
  return { server, tandem };
}

describe("the SDK's retries", () => {
  it("waits as retry-after says on 429, then succeeds", async () => {
    const { server, tandem } = await against([rateLimited("1"), ok({ channels: [] })]);
    try {
      const started = performance.now();
      assert.deepEqual(await tandem.channels.list(), { channels: [] });
      const waited = (server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0);
      console.log(`# 429 with retry-after: 1 → second request ${Math.round(waited)} ms after the first`);
      assert.equal(server.requests.length, 2);
      // The SDK may never come back sooner than it was asked to.
      assert.ok(waited >= 950, `came back after ${waited} ms`);
      assert.ok(performance.now() - started >= 950);
    } finally {
      await server.close();
    }
  });

  it("retries a POST that is not idempotent on 429 only: Tandem did nothing", async () => {
    const { server, tandem } = await against([
      rateLimited("0"),
      { status: 201, body: { success: true, data: {} } },
    ]);
    try {
      await tandem.channels.create({ business_uid: "b", type: "transactional" });
      assert.equal(server.requests.length, 2);
    } finally {
      await server.close();
    }
  });

  it("does not send a channel creation again after a 503 or a cut connection: it may have been done", async () => {
    for (const first of [unavailable, "cut"] as const) {
      const { server, tandem } = await against([first, { status: 201, body: { success: true, data: {} } }]);
      try {
        const error = await failure(tandem.channels.create({ business_uid: "b", type: "transactional" }));
        assert.equal(error.status, first === "cut" ? 0 : 503);
        assert.equal(server.requests.length, 1);
      } finally {
        await server.close();
      }
    }
  });

  it("retries reads and idempotent writes on 502, 503, 504 and cut connections", async () => {
    const gateway = (status: number): Scripted => ({ status, body: "bad gateway" });
    const { server, tandem } = await against([
      gateway(502),
      unavailable,
      gateway(504),
      ok({ channel: { uid: CHANNEL } }),
    ]);
    try {
      assert.deepEqual(await tandem.channels.get(CHANNEL), { channel: { uid: CHANNEL } });
      assert.equal(server.requests.length, 4);
    } finally {
      await server.close();
    }
    const cut = await against([
      "cut",
      { status: 201, body: { success: true, data: { message: { uid: "m" } } } },
    ]);
    try {
      const answer = await cut.tandem.messages.create({
        channel_uid: CHANNEL,
        external_uid: "e",
        message: "hi",
        message_uid: "m-1",
      });
      assert.deepEqual(answer, { message: { uid: "m" } });
      assert.equal(cut.server.requests.length, 2, "message_uid makes the create safe to send again");
    } finally {
      await cut.server.close();
    }
  });

  it("sends the directory's creates again only when Tandem surely did nothing; installs and reads after any failure", async () => {
    const server = new ScriptedServer([unavailable, "cut", ok({ installation: {} })]);
    await server.start();
    try {
      const directory = new TandemDirectory({
        baseUrl: server.url,
        token: "tdir_fixed",
        retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100 },
      });
      const app = { name: "A", app_type: ["communication"], redirect_uri: "https://a.example/cb" };
      assert.equal((await failure(directory.apps.create(app))).status, 503);
      assert.equal(server.requests.length, 1, "a 503 may have come after the app was stored");
      // The cut connection, then the 200: the install is sent again and answered.
      assert.deepEqual(await directory.installations.create("b", { app_code_name: "A" }), {
        installation: {},
      });
      assert.equal(server.requests.length, 3);
      assert.equal(server.requests[0]?.method, "POST");
      assert.equal(server.requests[2]?.path, "/platform/v1/businesses/b/apps");
      assert.equal(server.requests[2]?.authorization, "Bearer tdir_fixed");
    } finally {
      await server.close();
    }
  });

  it("gives up after maxAttempts with the last answer as a TandemError", async () => {
    const { server, tandem } = await against([unavailable]);
    try {
      const error = await failure(tandem.sessions.list());
      assert.equal(error.status, 503);
      assert.equal(error.code, "unexpected");
      assert.equal(server.requests.length, 4);
    } finally {
      await server.close();
    }
  });

  it("does not wait for a retry-after beyond its bound: the 429 is the caller's to handle", async () => {
    const { server, tandem } = await against([rateLimited("3600"), ok({})]);
    try {
      const error = await failure(tandem.channels.list());
      assert.equal(error.status, 429);
      assert.equal(error.code, "rate_limited");
      assert.equal(error.retryAfterMs, 3_600_000);
      assert.equal(error.requestId, "req-429");
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });

  it("does not retry a client error", async () => {
    const { server, tandem } = await against([
      {
        status: 422,
        body: { success: false, errors: [{ code: "invalid", field: "status", message: "bad status" }] },
      },
    ]);
    try {
      const error = await failure(tandem.sessions.update(CHANNEL, { status: "active" }));
      assert.equal(error.field, "status");
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });
});
