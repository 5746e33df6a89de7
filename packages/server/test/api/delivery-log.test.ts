import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Client, JsonObject } from "@tandem/test-support";
import {
  assertRefused,
  DIALECTS,
  directory,
  eventually,
  readyConversation,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";

/**
 * The delivery log tells the truth: a delivery being retried reads as such, with its last attempt's
 * outcome and its next try; what needs attention is one filter; rows name their app and client;
 * typing is left out unless asked for.
 */
for (const dialect of DIALECTS) {
  describe(`the delivery log on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let app: JsonObject;
    let admin: Client;
    let clientUid: string;
    let channel: JsonObject;
    const uids: Record<"delivered" | "gone" | "stuck", string> = { delivered: "", gone: "", stuck: "" };

    before(async () => {
      await receiver.start();
      // One retry soon after the first attempt, then a long wait: the delivery stays "retrying".
      server = await startServer({ dialect, env: { TANDEM_WEBHOOK_RETRY_SCHEDULE: "0.1,600" } });
      const conversation = await readyConversation(server, {
        receiver,
        client: { first_name: "Rosa", last_name: "Retry" },
      });
      ({ app, staff: admin, channel } = conversation);
      clientUid = conversation.client.uid;

      receiver.answerWith((hook) =>
        hook.body?.message === "gone"
          ? { status: 410 }
          : hook.body?.message === "stuck"
            ? { status: 500 }
            : { status: 204 },
      );
      for (const text of ["delivered", "gone", "stuck"] as const) {
        const sent = await admin.post(`/api/conversations/${clientUid}/messages`, {
          channel_uid: channel.uid,
          message: text,
        });
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        uids[text] = sent.body.data.message.uid;
      }
      const typed = await admin.post(`/api/conversations/${clientUid}/typing`, {
        channel_uid: channel.uid,
        typing: true,
      });
      assert.equal(typed.status, 200, JSON.stringify(typed.body));
      await eventually(
        async () => {
          const stuck = await deliveryOf(uids.stuck);
          return stuck?.attempt_count === 2 && stuck.status === "pending";
        },
        10_000,
        "the stuck delivery to wait for its third attempt",
      );
      await eventually(async () => receiver.matching((hook) => hook.path.endsWith("/typing")).length > 0);
    });
    after(async () => {
      await server?.close();
      await receiver.close();
    });

    const deliveryOf = async (messageUid: string, query = "") => {
      const list = await admin.get(`/api/deliveries?per_page=100${query}`);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      return (list.body.data.deliveries as JsonObject[]).find(
        (entry) => entry.payload?.message_uid === messageUid,
      );
    };

    it("reads a delivery waiting for its retry as retrying, with the last attempt's outcome and the next try", async () => {
      const stuck = await deliveryOf(uids.stuck);
      assert.ok(stuck);
      assert.equal(stuck.status, "pending", "the worker's status is kept");
      assert.equal(stuck.state, "retrying");
      assert.equal(stuck.summary, "Retrying — attempt 2 answered HTTP 500");
      assert.deepEqual(stuck.last_attempt, {
        attempt_number: 2,
        status_code: 500,
        reason: "http_5xx",
        outcome: "answered HTTP 500",
      });
      assert.ok(Date.parse(stuck.next_attempt_at) > Date.now() + 60_000, stuck.next_attempt_at);

      const detail = await admin.get(`/api/deliveries/${stuck.uid}`);
      assert.deepEqual(
        detail.body.data.delivery.attempts.map((attempt: JsonObject) => [
          attempt.attempt_number,
          attempt.reason,
        ]),
        [
          [1, "http_5xx"],
          [2, "http_5xx"],
        ],
      );
      assert.equal(detail.body.data.delivery.attempts[1].outcome, "answered HTTP 500");

      const delivered = await deliveryOf(uids.delivered);
      assert.equal(delivered?.state, "succeeded");
      assert.equal(delivered?.summary, "Delivered — attempt 1 answered HTTP 204");
      const gone = await deliveryOf(uids.gone);
      assert.equal(gone?.state, "failed");
      assert.equal(gone?.summary, "Failed — attempt 1 answered HTTP 410");
      assert.equal(gone?.last_attempt.reason, "http_4xx");
    });

    it("shows the staff message as not delivered yet while its delivery is retried", async () => {
      const thread = await admin.get(`/api/conversations/${clientUid}/messages`);
      const stuck = thread.body.data.messages.find((message: JsonObject) => message.uid === uids.stuck);
      assert.equal(stuck.status, "pending");
      assert.equal(stuck.error.code, "delivery_retrying");
      assert.equal(stuck.error.message, "not delivered yet, retrying: attempt 2 answered HTTP 500");
      const delivered = thread.body.data.messages.find(
        (message: JsonObject) => message.uid === uids.delivered,
      );
      assert.equal(delivered.error, null);
    });

    it("lists what needs attention (failing and failed) with one filter, on both logs", async () => {
      const page = await admin.get("/api/deliveries?attention=true&per_page=100");
      const platform = await directory(server).get(
        `/platform/v1/apps/${app.app_id}/deliveries?attention=true`,
      );
      for (const list of [page, platform]) {
        assert.equal(list.status, 200, JSON.stringify(list.body));
        const entries = list.body.data.deliveries as JsonObject[];
        const messages = entries.map((entry) => entry.payload?.message_uid);
        assert.ok(messages.includes(uids.stuck) && messages.includes(uids.gone), JSON.stringify(messages));
        assert.ok(!messages.includes(uids.delivered));
        assert.ok(entries.every((entry) => entry.state === "retrying" || entry.state === "failed"));
      }
      // The worker's own status filter still works: a retrying delivery is pending.
      const pending = await admin.get("/api/deliveries?status=pending");
      assert.ok(
        pending.body.data.deliveries.some((entry: JsonObject) => entry.payload?.message_uid === uids.stuck),
      );
      const refused = await admin.get("/api/deliveries?attention=sometimes");
      assertRefused(refused, { status: 422, code: "invalid", field: "attention" });
    });

    it("names the app and the client each delivery concerns", async () => {
      const stuck = await deliveryOf(uids.stuck);
      assert.deepEqual(stuck?.app, { app_id: app.app_id, name: app.name, app_code_name: app.app_code_name });
      assert.deepEqual(stuck?.client, { client_uid: clientUid, display_name: "Rosa Retry" });
      const list = await directory(server).get(
        `/platform/v1/apps/${app.app_id}/deliveries?event=channel.updated`,
      );
      const channelEvent = list.body.data.deliveries[0];
      assert.equal(channelEvent.app.name, app.name);
      assert.equal(channelEvent.client, null, "a channel's status concerns no one client");
    });

    it("leaves typing out unless asked for", async () => {
      const typingIn = (list: JsonObject) =>
        (list.body.data.deliveries as JsonObject[]).filter((entry) => entry.event === "typing");
      assert.equal(typingIn(await admin.get("/api/deliveries?per_page=100")).length, 0);
      const asked = typingIn(await admin.get("/api/deliveries?per_page=100&include_typing=true"));
      assert.equal(asked.length, 1);
      assert.deepEqual(asked[0]?.client, { client_uid: clientUid, display_name: "Rosa Retry" });
      const platform = directory(server);
      const appLog = `/platform/v1/apps/${app.app_id}/deliveries?per_page=100`;
      assert.equal(typingIn(await platform.get(appLog)).length, 0);
      assert.equal(typingIn(await platform.get(`${appLog}&include_typing=true`)).length, 1);
      assert.equal(typingIn(await platform.get(`${appLog}&event=typing`)).length, 1, "asked for by event");
    });
  });
}
