import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Client,
  call,
  DIALECTS,
  directory,
  eventually,
  type JsonObject,
  readyConversation,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";

/** Sealed in the stored format, but with a tag no key opens: what a damaged secret looks like. */
const DAMAGED_SECRET = "v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/**
 * A failure of Tandem's own before anything is sent (the app's webhook secret cannot be opened) is
 * an attempt like any: recorded with its reason, retried on the schedule, failed at the end and
 * recoverable; counted by reason; `/readyz` says so; the conversation behind it goes on afterwards.
 */
for (const dialect of DIALECTS) {
  describe(`a delivery Tandem cannot sign, on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let app: JsonObject;
    let admin: Client;
    let clientUid: string;
    let channel: JsonObject;

    before(async () => {
      await receiver.start();
      // One attempt and three retries; the last wait is long enough to mend the secret inside it.
      server = await startServer({ dialect, env: { TANDEM_WEBHOOK_RETRY_SCHEDULE: "0.2,0.4,4" } });
      const conversation = await readyConversation(server, { receiver });
      ({ app, staff: admin, channel } = conversation);
      clientUid = conversation.client.uid;
    });
    after(async () => {
      await server?.close();
      await receiver.close();
    });

    const db = () => server.tandem.storage.db;
    const storeSecret = async (sealed: string) => {
      await db()
        .updateTable("apps")
        .set({ webhook_secret_enc: sealed })
        .where("id", "=", app.app_id)
        .execute();
      // Stands in for the app directory's few seconds of cache, which would show the change later.
      server.tandem.domain.apps.forget(app.app_id);
    };
    const send = async (text: string) => {
      const sent = await admin.post(`/api/conversations/${clientUid}/messages`, {
        channel_uid: channel.uid,
        message: text,
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      return sent.body.data.message.uid as string;
    };
    const deliveryOf = async (messageUid: string) => {
      const list = await directory(server).get(
        `/platform/v1/apps/${app.app_id}/deliveries?event=message.created&per_page=100`,
      );
      const found = list.body.data.deliveries.find(
        (entry: JsonObject) => entry.payload.message_uid === messageUid,
      );
      return found
        ? ((await directory(server).get(`/platform/v1/deliveries/${found.uid}`)).body.data
            .delivery as JsonObject)
        : null;
    };
    const metrics = async () => String((await call(server.url, "GET", "/metrics")).body);

    it("records, retries and fails the delivery, says so on /readyz, then lets the conversation go on", async () => {
      const { webhook_secret_enc: goodSecret } = await db()
        .selectFrom("apps")
        .select("webhook_secret_enc")
        .where("id", "=", app.app_id)
        .executeTakeFirstOrThrow();
      assert.equal((await call(server.url, "GET", "/readyz")).status, 200);
      await storeSecret(DAMAGED_SECRET);

      const first = await send("held up inside Tandem");
      const second = await send("next in the conversation");

      const notReady = await eventually(
        async () => {
          const answer = await call(server.url, "GET", "/readyz");
          return answer.status === 503 ? answer : null;
        },
        10_000,
        "/readyz to say the secrets cannot be opened",
      );
      assert.equal(notReady.body.status, "webhook secrets unavailable");
      assert.match(notReady.body.reason, /could not open the webhook secret of 1 app/);

      // While the first is retried, the page shows the message as not delivered yet.
      const retrying = await eventually(
        async () => {
          const delivery = await deliveryOf(first);
          return delivery?.state === "retrying" ? delivery : null;
        },
        10_000,
        "the first delivery to be retrying",
      );
      assert.match(retrying.summary, /^Retrying — attempt \d Tandem could not sign this webhook: /);
      assert.equal(retrying.last_attempt.reason, "tandem_error");
      const thread = await admin.get(`/api/conversations/${clientUid}/messages`);
      const shown = thread.body.data.messages.find((message: JsonObject) => message.uid === first);
      assert.equal(shown.status, "pending");
      assert.equal(shown.error?.code, "delivery_retrying");

      const failed = await eventually(
        async () => {
          const delivery = await deliveryOf(first);
          return delivery?.status === "failed" ? delivery : null;
        },
        15_000,
        "the first delivery to fail",
      );
      const attempts = failed.attempts as JsonObject[];
      assert.deepEqual(
        attempts.map((attempt) => attempt.attempt_number),
        [1, 2, 3, 4],
      );
      for (const attempt of attempts) {
        assert.equal(attempt.reason, "tandem_error");
        assert.equal(attempt.status_code, null);
        assert.match(attempt.error, /^Tandem could not sign this webhook: /);
      }
      // The schedule's waits (0.2, 0.4 and 4 s, ±10 %): lower bounds only, the machine is shared.
      const at = attempts.map((attempt) => Date.parse(attempt.attempted_at));
      const gaps = at.slice(1).map((time, index) => time - (at[index] ?? 0));
      console.log(`waits between the attempts Tandem could not sign: ${gaps.join(", ")} ms`);
      assert.ok((gaps[0] ?? 0) >= 150 && (gaps[1] ?? 0) >= 330 && (gaps[2] ?? 0) >= 3_500, gaps.join(", "));
      assert.match(failed.summary, /^Failed — attempt 4 Tandem could not sign this webhook: /);
      assert.equal(
        receiver.matching((hook) => hook.body?.message_uid === first).length,
        0,
        "nothing went out unsigned",
      );
      const log = await admin.get("/api/deliveries?attention=true");
      assert.ok(log.body.data.deliveries.some((entry: JsonObject) => entry.uid === failed.uid));
      const afterFailing = await admin.get(`/api/conversations/${clientUid}/messages`);
      const failedMessage = afterFailing.body.data.messages.find(
        (message: JsonObject) => message.uid === first,
      );
      assert.equal(failedMessage.status, "error");
      assert.equal(failedMessage.error.retryable, true);

      const counted = await metrics();
      const tandemErrors = Number(
        /tandem_webhook_failed_attempts_total\{reason="tandem_error"\} (\d+)/.exec(counted)?.[1],
      );
      assert.ok(tandemErrors >= 4, `${tandemErrors} attempts counted as tandem_error`);
      assert.match(counted, /tandem_webhook_failed_attempts_total\{reason="http_5xx"\} 0/);
      assert.match(counted, /tandem_webhook_unopenable_secrets 1/);

      // The next delivery of the conversation went after the first one settled; mended, it goes out.
      await storeSecret(goodSecret);
      const hook = await receiver.waitFor((webhook) => webhook.body?.message_uid === second, 10_000);
      assert.ok(hook.signatureValid);
      const next = await eventually(
        async () => {
          const delivery = await deliveryOf(second);
          return delivery?.status === "succeeded" ? delivery : null;
        },
        10_000,
        "the next delivery to succeed",
      );
      const firstTry = (next.attempts as JsonObject[])[0];
      assert.ok(firstTry && firstTry.attempted_at >= failed.completed_at, "it waited for the failed one");
      assert.equal((await call(server.url, "GET", "/readyz")).status, 200);
      assert.match(await metrics(), /tandem_webhook_unopenable_secrets 0/);

      // Failed like any other delivery, it is sent again by hand, its attempts numbered on.
      const retried = await directory(server).post(`/platform/v1/deliveries/${failed.uid}/retry`);
      assert.equal(retried.status, 200);
      await receiver.waitFor((webhook) => webhook.body?.message_uid === first, 10_000);
      const recovered = await eventually(
        async () => {
          const delivery = await deliveryOf(first);
          return delivery?.status === "succeeded" ? delivery : null;
        },
        10_000,
        "the retried delivery to succeed",
      );
      assert.deepEqual(
        (recovered.attempts as JsonObject[]).map((attempt) => attempt.attempt_number),
        [1, 2, 3, 4, 5],
      );
      assert.equal(recovered.state, "succeeded");
    });
  });
}
