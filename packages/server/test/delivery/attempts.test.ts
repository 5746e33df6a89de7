import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Client, JsonObject } from "@tandem/test-support";
import {
  businessWithApp,
  DIALECTS,
  directory,
  eventually,
  registerApp,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";

/** What one attempt records and how the next one is timed: Retry-After, the timeout, the kept answer. */
for (const dialect of DIALECTS) {
  describe(`delivery attempts on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let app: JsonObject;
    let appApi: Client;
    let businessUid: string;

    before(async () => {
      await receiver.start();
      server = await startServer({
        dialect,
        env: { TANDEM_WEBHOOK_RETRY_SCHEDULE: "0,0,0", TANDEM_WEBHOOK_TIMEOUT_MS: "500" },
      });
      ({ app } = await registerApp(server, receiver));
      ({ businessUid, appApi } = await businessWithApp(server, app));
    });
    after(async () => {
      await server?.close();
      await receiver.close();
    });

    /** Creates a channel (one `channel.updated` delivery) and answers its delivery once it has ended. */
    const deliveryOfNewChannel = async () => {
      const created = await appApi.post("/business/communication/channels", {
        business_uid: businessUid,
        type: "transactional",
      });
      const channelUid = created.body.data.channel.uid;
      return eventually(
        async () => {
          const list = await directory(server).get(`/platform/v1/apps/${app.app_id}/deliveries?per_page=100`);
          const delivery = list.body.data.deliveries.find(
            (entry: JsonObject) => entry.payload.channel_uid === channelUid,
          );
          if (!delivery || !["succeeded", "failed"].includes(delivery.status)) return null;
          return (await directory(server).get(`/platform/v1/deliveries/${delivery.uid}`)).body.data
            .delivery as JsonObject;
        },
        10_000,
        "the delivery to end",
      );
    };

    it("waits as long as Retry-After asks", async () => {
      let answered = 0;
      receiver.answerWith(() =>
        answered++ === 0 ? { status: 429, headers: { "retry-after": "2" } } : { status: 204 },
      );
      const delivery = await deliveryOfNewChannel();
      assert.equal(delivery.status, "succeeded");
      const attempts = delivery.attempts as JsonObject[];
      const refused = attempts.findIndex((attempt) => attempt.status_code === 429);
      assert.ok(refused >= 0, "the 429 answer is recorded");
      const next = attempts[refused + 1];
      assert.ok(next, "a retry followed");
      const waited = Date.parse(next.attempted_at) - Date.parse(attempts[refused]?.attempted_at);
      assert.ok(waited >= 1_900, `the retry came after ${waited} ms, not the 2 s asked for`);
    });

    it("gives up on an attempt after the timeout and keeps only the first 1 KB of an answer", async () => {
      let answered = 0;
      receiver.answerWith(() => {
        answered++;
        if (answered === 1) return { status: 204, delayMs: 4_000 };
        if (answered === 2) return { status: 500, body: "x".repeat(5_000) };
        return { status: 204 };
      });
      const delivery = await deliveryOfNewChannel();
      const attempts = delivery.attempts as JsonObject[];
      const [slow] = attempts;
      assert.equal(slow?.status_code, null, "the first attempt was cut off");
      assert.match(slow?.error, /timeout|aborted/i);
      const verbose = attempts.find((attempt) => attempt.status_code === 500);
      assert.equal(verbose?.response_body.length, 1024);
      assert.equal(attempts.at(-1)?.status_code, 204);
      assert.equal(delivery.status, "succeeded");
    });
  });
}
