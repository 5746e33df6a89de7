import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Client, JsonObject } from "@tandem/test-support";
import {
  DIALECTS,
  directory,
  eventually,
  readyConversation,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";
import { Webhook } from "standardwebhooks";

/** Delivery as data: the retry schedule from configuration, every attempt a row, retry and recover. */
for (const dialect of DIALECTS) {
  describe(`webhook delivery on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let app: JsonObject;
    let appApi: Client;
    let admin: Client;
    let businessUid: string;
    let clientUid: string;
    let channel: JsonObject;

    before(async () => {
      await receiver.start();
      server = await startServer({ dialect });
      const conversation = await readyConversation(server, { receiver });
      ({ app, businessUid, appApi, staff: admin, channel } = conversation);
      clientUid = conversation.client.uid;
    });

    after(async () => {
      await server?.close();
      await receiver.close();
    });

    const send = async (text: string) => {
      const sent = await admin.post(`/api/conversations/${clientUid}/messages`, {
        channel_uid: channel.uid,
        message: text,
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      return sent.body.data.message.uid as string;
    };

    it("retries a failing endpoint on the schedule with the same webhook-id, then marks it failed", async () => {
      receiver.answerWith((hook) =>
        hook.body?.message === "doomed" ? { status: 503, body: "try later" } : { status: 204 },
      );
      const uid = await send("doomed");
      // The test schedule is 0, 0.2, 0.4 s: one attempt and three retries.
      const delivery = await eventually(
        async () => {
          const list = await directory(server).get(
            `/platform/v1/apps/${app.app_id}/deliveries?status=failed&event=message.created`,
          );
          return list.body.data.deliveries.find((entry: JsonObject) => entry.payload.message_uid === uid);
        },
        10_000,
        "the delivery to fail",
      );
      const attempts = receiver.matching((hook) => hook.body?.message_uid === uid);
      assert.equal(attempts.length, 4);
      assert.equal(new Set(attempts.map((hook) => hook.webhookId)).size, 1, "one webhook-id across retries");
      assert.ok(attempts.every((hook) => hook.signatureValid));

      const detail = await directory(server).get(`/platform/v1/deliveries/${delivery.uid}`);
      assert.equal(detail.body.data.delivery.attempts.length, 4);
      for (const attempt of detail.body.data.delivery.attempts) {
        assert.equal(attempt.status_code, 503);
        assert.equal(attempt.response_body, "try later");
        assert.equal(typeof attempt.duration_ms, "number");
        assert.ok(attempt.attempted_at);
      }
      const thread = await admin.get(`/api/conversations/${clientUid}/messages`);
      const failed = thread.body.data.messages.find((message: JsonObject) => message.uid === uid);
      assert.equal(failed.status, "error", "the page shows the message failed");
      assert.equal(failed.error.retryable, true);

      // Sent again by hand while the app still fails, it gets the whole schedule again and fails again.
      const again = await admin.post(`/api/deliveries/${delivery.uid}/retry`);
      assert.equal(again.status, 200);
      const failedAgain = await eventually(
        async () => {
          const detailAgain = await directory(server).get(`/platform/v1/deliveries/${delivery.uid}`);
          return detailAgain.body.data.delivery.status === "failed" &&
            detailAgain.body.data.delivery.attempt_count === 8
            ? detailAgain.body.data.delivery
            : null;
        },
        10_000,
        "the second run of the schedule to fail",
      );
      assert.equal(failedAgain.attempts.length, 8);
      assert.equal(receiver.matching((hook) => hook.body?.message_uid === uid).length, 8);

      receiver.answerWith(() => ({ status: 204 }));
      const retried = await admin.post(`/api/deliveries/${delivery.uid}/retry`);
      assert.equal(retried.status, 200);
      await eventually(
        async () => receiver.matching((hook) => hook.body?.message_uid === uid).length === 9,
        5_000,
        "the retry",
      );
      const succeeded = await eventually(async () => {
        const detailAfter = await directory(server).get(`/platform/v1/deliveries/${delivery.uid}`);
        return detailAfter.body.data.delivery.status === "succeeded" ? detailAfter : null;
      });
      assert.equal(succeeded.body.data.delivery.webhook_id, `msg_${delivery.uid}`);
      // Sent again by hand, the delivery numbers its attempts on, listed in the order they were made.
      const numbered = (succeeded.body.data.delivery.attempts as JsonObject[]).map(
        (attempt) => attempt.attempt_number,
      );
      assert.deepEqual(numbered, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.equal(succeeded.body.data.delivery.attempts[8].status_code, 204);
      assert.equal(succeeded.body.data.delivery.attempt_count, 9);
    });

    it("stops at once on 410 Gone, and treats a redirect as a failure", async () => {
      receiver.answerWith((hook) =>
        hook.body?.message === "gone"
          ? { status: 410 }
          : hook.body?.message === "moved"
            ? { status: 302, headers: { location: "http://127.0.0.1:1/" } }
            : { status: 204 },
      );
      const gone = await send("gone");
      await eventually(async () => {
        const list = await directory(server).get(`/platform/v1/apps/${app.app_id}/deliveries?status=failed`);
        return list.body.data.deliveries.some((entry: JsonObject) => entry.payload.message_uid === gone);
      });
      assert.equal(
        receiver.matching((hook) => hook.body?.message_uid === gone).length,
        1,
        "no retry after 410",
      );

      const moved = await send("moved");
      await eventually(
        async () => receiver.matching((hook) => hook.body?.message_uid === moved).length >= 2,
        5_000,
        "a retry after 302",
      );
      receiver.answerWith(() => ({ status: 204 }));
    });

    it("recovers every failed delivery since a moment", async () => {
      receiver.answerWith(() => ({ status: 500 }));
      const since = new Date().toISOString();
      const first = await send("lost one");
      const second = await send("lost two");
      await eventually(
        async () => {
          const list = await directory(server).get(
            `/platform/v1/apps/${app.app_id}/deliveries?status=failed&since=${since}`,
          );
          const uids = list.body.data.deliveries.map((entry: JsonObject) => entry.payload.message_uid);
          return uids.includes(first) && uids.includes(second);
        },
        10_000,
        "both to fail",
      );
      receiver.answerWith(() => ({ status: 204 }));
      const recovered = await directory(server).post(`/platform/v1/apps/${app.app_id}/deliveries/recover`, {
        since,
      });
      assert.equal(recovered.status, 200);
      assert.ok(recovered.body.data.recovered >= 2);
      await eventually(
        async () => {
          const delivered = receiver.matching((hook) => [first, second].includes(hook.body?.message_uid));
          return delivered.length >= 10;
        },
        5_000,
        "the recovered deliveries",
      );
      const log = await admin.get("/api/deliveries?status=failed");
      assert.equal(log.status, 200);
      assert.ok(log.body.data.deliveries.every((entry: JsonObject) => entry.business_uid === businessUid));
    });

    it("recovers deliveries waiting for their next retry at once, in order", async () => {
      // The app asks for an hour: without a recovery, both would wait that long.
      receiver.answerWith(() => ({ status: 503, headers: { "retry-after": "3600" } }));
      const since = new Date().toISOString();
      const first = await send("held one");
      const second = await send("held two");
      const waiting = await eventually(async () => {
        const list = await directory(server).get(`/platform/v1/apps/${app.app_id}/deliveries?since=${since}`);
        const held = (list.body.data.deliveries as JsonObject[]).find(
          (entry) => entry.payload.message_uid === first && entry.attempt_count >= 1,
        );
        return held?.state === "retrying" ? held : null;
      });
      assert.equal(waiting.status, "pending");
      receiver.answerWith(() => ({ status: 204 }));
      const recovered = await directory(server).post(`/platform/v1/apps/${app.app_id}/deliveries/recover`, {
        since,
      });
      assert.equal(recovered.status, 200);
      assert.equal(
        recovered.body.data.recovered,
        1,
        "the first waits for a retry; the second waits behind it",
      );
      const delivered = await eventually(
        async () => {
          const hooks = receiver.matching(
            (hook) => hook.path === "/messages" && [first, second].includes(hook.body?.message_uid),
          );
          return hooks.some((hook) => hook.body.message_uid === second) ? hooks : null;
        },
        5_000,
        "both held messages",
      );
      const order = delivered.map((hook) => hook.body.message_uid);
      assert.ok(order.lastIndexOf(first) < order.indexOf(second), "in order");
    });

    it("signs with the old and the new webhook secret for a day after a rotation", async () => {
      const oldSecret = app.webhook_secret;
      const rotated = await directory(server).post(`/platform/v1/apps/${app.app_id}/secrets/rotate`, {
        type: "webhook",
      });
      assert.equal(rotated.status, 200);
      const newSecret = rotated.body.data.webhook_secret;
      assert.notEqual(newSecret, oldSecret);
      const uid = await send("after rotation");
      const hook = await receiver.waitFor((webhook) => webhook.body?.message_uid === uid);
      const headers = {
        "webhook-id": String(hook.headers["webhook-id"]),
        "webhook-timestamp": String(hook.headers["webhook-timestamp"]),
        "webhook-signature": String(hook.headers["webhook-signature"]),
      };
      assert.doesNotThrow(() => new Webhook(oldSecret).verify(hook.rawBody, headers));
      assert.doesNotThrow(() => new Webhook(newSecret).verify(hook.rawBody, headers));
      receiver.useSecret(newSecret);
    });

    it("turns an uninstalled app's channels inactive, with a webhook", async () => {
      const removed = await directory(server).delete(
        `/platform/v1/businesses/${businessUid}/apps/${app.app_code_name}`,
      );
      assert.equal(removed.status, 200);
      const hook = await receiver.waitFor(
        (webhook) => webhook.path === `/channels/${channel.uid}` && webhook.body.status === "inactive",
      );
      assert.ok(hook.signatureValid);
      const stillThere = await appApi.get(`/business/communication/channels/${channel.uid}`);
      assert.equal(stillThere.status, 404, "the app no longer reaches the business");
    });
  });
}
