import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { Webhook } from "standardwebhooks";
import { type WebhookDelivery, WebhookHandler, type WebhookHandlers } from "../src/index.js";
import { ADAPTERS, startWebhookServer, type WebhookServer } from "./support/webhook-servers.js";

const newSecret = () => `whsec_${randomBytes(24).toString("base64")}`;
const CURRENT = newSecret();
const PREVIOUS = newSecret();

const CHANNEL = "0192f0c0-0000-7000-8000-0000000000c1";
const SESSION = "0192f0c0-0000-7000-8000-0000000000s1";
const MESSAGE = "0192f0c0-0000-7000-8000-0000000000m1";

/** One call of each kind, as Tandem makes it (SPEC §6), and the event the app's code must get. */
const CALLS = [
  {
    handler: "onChannelStatus",
    method: "PUT",
    path: `/channels/${CHANNEL}`,
    body: { status: "active", channel_uid: CHANNEL, business_uid: "b-1" },
    event: { status: "active", channel_uid: CHANNEL, business_uid: "b-1" },
  },
  {
    handler: "onSessionStatus",
    method: "PUT",
    path: `/sessions/${SESSION}`,
    body: { status: "inactive", session_uid: SESSION, channel_uid: CHANNEL },
    event: { status: "inactive", session_uid: SESSION, channel_uid: CHANNEL },
  },
  {
    handler: "onOutgoingMessage",
    method: "POST",
    path: "/messages",
    body: {
      external_uid: "+15550001",
      message: "Yes, until six.",
      message_uid: MESSAGE,
      channel_uid: CHANNEL,
      session_uid: SESSION,
      status: "pending",
      created_at: "2026-12-03T01:00:00.000Z",
      attachments: [],
      sender: { staff_uid: "s-1", display_name: "Ada" },
    },
    event: {
      external_uid: "+15550001",
      message: "Yes, until six.",
      message_uid: MESSAGE,
      channel_uid: CHANNEL,
      session_uid: SESSION,
      status: "pending",
      created_at: "2026-12-03T01:00:00.000Z",
      attachments: [],
      sender: { staff_uid: "s-1", display_name: "Ada" },
    },
  },
  {
    handler: "onMessageStatus",
    method: "PUT",
    path: "/messages/wamid.HBg%2F42",
    body: { status: "read", channel_uid: CHANNEL },
    event: { status: "read", channel_uid: CHANNEL, message_uid: "wamid.HBg/42" },
  },
  {
    handler: "onTyping",
    method: "POST",
    path: `/${SESSION}/typing`,
    body: { typing: true },
    event: { typing: true, session_uid: SESSION },
  },
] as const;

interface Sent {
  status: number;
  body: string;
}

/** A signed call as Tandem makes it; `tamper` changes what is sent after signing. */
async function send(
  server: WebhookServer,
  call: { method: string; path: string; body: unknown },
  options: {
    secret?: string;
    id?: string;
    at?: Date;
    headers?: (signed: Record<string, string>) => Record<string, string>;
    rawBody?: string;
  } = {},
): Promise<Sent> {
  const id = options.id ?? `msg_${randomBytes(8).toString("hex")}`;
  const at = options.at ?? new Date();
  const payload = JSON.stringify(call.body);
  const signed = {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(options.secret ?? CURRENT).sign(id, at, payload),
  };
  const response = await fetch(`${server.apiUri}${call.path}`, {
    method: call.method,
    headers: { "content-type": "application/json", ...(options.headers ? options.headers(signed) : signed) },
    body: options.rawBody ?? payload,
  });
  return { status: response.status, body: await response.text() };
}

const channelCall = CALLS[0];

for (const adapter of ADAPTERS) {
  describe(`the webhook handler through ${adapter}, with signed calls`, () => {
    let server: WebhookServer;
    let handled: Array<{ handler: string; event: unknown; delivery: WebhookDelivery }> = [];
    let failNext = 0;
    let handler: WebhookHandler;

    const recording = (name: keyof WebhookHandlers) => (event: unknown, delivery: WebhookDelivery) => {
      if (failNext > 0) {
        failNext--;
        throw new Error("the app's database is down");
      }
      handled.push({ handler: name, event, delivery });
    };

    before(async () => {
      server = await startWebhookServer(adapter, () => handler);
    });
    after(() => server.close());
    beforeEach(() => {
      handled = [];
      failNext = 0;
      handler = new WebhookHandler({
        secret: [CURRENT, PREVIOUS],
        onChannelStatus: recording("onChannelStatus"),
        onSessionStatus: recording("onSessionStatus"),
        onOutgoingMessage: recording("onOutgoingMessage"),
        onMessageStatus: recording("onMessageStatus"),
        onTyping: recording("onTyping"),
      });
    });

    it("hands every event kind to its function, typed, with the path's uid, and answers 204", async () => {
      for (const call of CALLS) {
        const answer = await send(server, call, { id: `msg_${call.handler}` });
        assert.equal(answer.status, 204, `${call.handler}: ${answer.body}`);
        assert.equal(answer.body, "");
      }
      assert.deepEqual(
        handled.map(({ handler: name, event }) => ({ handler: name, event })),
        CALLS.map((call) => ({ handler: call.handler, event: call.event })),
      );
      assert.equal(handled[0]?.delivery.id, "msg_onChannelStatus");
      assert.equal(handled[0]?.delivery.kind, "channel.updated");
      assert.ok(Math.abs((handled[0]?.delivery.timestamp.getTime() ?? 0) - Date.now()) < 60_000);
    });

    it("accepts the previous secret during a rotation", async () => {
      assert.equal((await send(server, channelCall, { secret: PREVIOUS })).status, 204);
      assert.equal(handled.length, 1);
    });

    it("refuses every wrong signature with 401, never reaching the app", async () => {
      const refusals: Array<[string, Promise<Sent>, string]> = [
        ["wrong secret", send(server, channelCall, { secret: newSecret() }), "bad_signature"],
        [
          "bad signature",
          send(server, channelCall, {
            headers: (signed) => ({
              ...signed,
              "webhook-signature": `v1,${randomBytes(32).toString("base64")}`,
            }),
          }),
          "bad_signature",
        ],
        [
          "altered body",
          send(server, channelCall, {
            rawBody: JSON.stringify({ ...channelCall.body, status: "deleted" }),
          }),
          "bad_signature",
        ],
        [
          "signature of another id",
          send(server, channelCall, { headers: (signed) => ({ ...signed, "webhook-id": "msg_other" }) }),
          "bad_signature",
        ],
        [
          "missing signature",
          send(server, channelCall, {
            headers: ({ "webhook-signature": _, ...rest }) => rest,
          }),
          "missing_signature",
        ],
        ["no headers at all", send(server, channelCall, { headers: () => ({}) }), "missing_signature"],
        [
          "stale: signed six minutes ago",
          send(server, channelCall, { at: new Date(Date.now() - 6 * 60_000) }),
          "stale_signature",
        ],
        [
          "from the future: six minutes ahead",
          send(server, channelCall, { at: new Date(Date.now() + 6 * 60_000) }),
          "stale_signature",
        ],
      ];
      for (const [what, pending, error] of refusals) {
        const answer = await pending;
        assert.equal(answer.status, 401, `${what}: ${answer.body}`);
        assert.equal(JSON.parse(answer.body).error, error, what);
      }
      assert.deepEqual(handled, []);
    });

    it("answers a repeat of a handled webhook-id 204 without handing it to the app again", async () => {
      const first = await send(server, channelCall, { id: "msg_replayed" });
      // Tandem's retry: same id, new timestamp and signature.
      const second = await send(server, channelCall, {
        id: "msg_replayed",
        at: new Date(Date.now() + 1_000),
      });
      assert.deepEqual([first.status, second.status], [204, 204]);
      assert.equal(handled.length, 1);
    });

    it("answers 500 when the app's code throws, and hands Tandem's retry over afresh", async () => {
      failNext = 1;
      const failed = await send(server, channelCall, { id: "msg_retry" });
      assert.equal(failed.status, 500);
      assert.equal(JSON.parse(failed.body).error, "handler_failed");
      assert.ok(!failed.body.includes("database"), "the app's error stays in the app");
      assert.equal(handled.length, 0);
      const retried = await send(server, channelCall, { id: "msg_retry" });
      assert.equal(retried.status, 204);
      assert.equal(handled.length, 1);
      assert.equal((await send(server, channelCall, { id: "msg_retry" })).status, 204);
      assert.equal(handled.length, 1);
    });

    it("refuses a signed body that is not JSON (400) and a path that is no webhook (404)", async () => {
      const notJson = await send(server, channelCall, {
        rawBody: "not json",
        headers: () => {
          const at = new Date();
          return {
            "webhook-id": "msg_text",
            "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
            "webhook-signature": new Webhook(CURRENT).sign("msg_text", at, "not json"),
          };
        },
      });
      assert.equal(notJson.status, 400, notJson.body);
      const elsewhere = await send(server, { method: "POST", path: "/nothing/here", body: {} });
      assert.equal(elsewhere.status, 404);
      assert.deepEqual(handled, []);
    });
  });
}

describe("the adapters beside the app's own routes", () => {
  const handler = () => new WebhookHandler({ secret: CURRENT });

  it("fastify: the plugin's raw-text parser stays inside it; the app's JSON routes still parse", async () => {
    const server = await startWebhookServer("fastify", handler);
    try {
      const echo = await fetch(server.apiUri.replace(/\/app$/, "/echo"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ a: 1 }),
      });
      assert.deepEqual(await echo.json(), { parsed: { a: 1 } });
    } finally {
      await server.close();
    }
  });

  it("express-style: what is no webhook is passed on to the next middleware", async () => {
    const server = await startWebhookServer("express-style", handler);
    try {
      for (const [method, url] of [
        ["GET", `${server.apiUri}/messages`],
        ["POST", `${server.apiUri}/somewhere/else/entirely`],
        ["POST", server.apiUri.replace(/\/app$/, "/messages")],
      ] as const) {
        const body = method === "GET" ? undefined : '{"kept":true}';
        const answer = await fetch(url, { method, body });
        assert.equal(await answer.text(), `passed on ${body ?? ""}`.trim(), `${method} ${url}`);
      }
    } finally {
      await server.close();
    }
  });

  it("node http: a path outside the base path is 404", async () => {
    const server = await startWebhookServer("node http", handler);
    try {
      const answer = await fetch(server.apiUri.replace(/\/app$/, "/messages"), {
        method: "POST",
        body: "{}",
      });
      assert.equal(answer.status, 404);
    } finally {
      await server.close();
    }
  });
});
