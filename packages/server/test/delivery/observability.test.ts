import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  activeChannel,
  businessWithApp,
  call,
  DIALECTS,
  eventually,
  registerApp,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";

/** SPEC §6/§9: deliveries can be watched — Prometheus figures, and log lines naming delivery and webhook ids. */
for (const dialect of DIALECTS) {
  describe(`delivery observability on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    const logLines: string[] = [];

    before(async () => {
      await receiver.start();
      server = await startServer({ dialect, logLines, env: { TANDEM_WEBHOOK_RETRY_SCHEDULE: "0.2" } });
    });
    after(async () => {
      await server?.close();
      await receiver.close();
    });

    it("counts outcomes, times attempts, and reports the queue and its oldest event", async () => {
      const { app } = await registerApp(server, receiver);
      const { business, appApi: api } = await businessWithApp(server, app);
      await activeChannel(api, receiver, business.business.uid);

      receiver.answerWith(() => ({ status: 410 }));
      await api.post("/business/communication/channels", {
        business_uid: business.business.uid,
        type: "transactional",
      });
      const metrics = await eventually(
        async () => {
          const text = String((await call(server.url, "GET", "/metrics")).body);
          // The queue is read at each scrape; under load the next scrape may still see it drain.
          const settled = /tandem_webhook_queue_depth 0/.test(text);
          return settled && /tandem_webhook_deliveries_total\{outcome="failed"\} 1/.test(text) ? text : null;
        },
        10_000,
        "the failure to be counted and the queue to drain",
      );
      assert.match(metrics, /tandem_webhook_deliveries_total\{outcome="succeeded"\} 1/);
      assert.match(metrics, /tandem_webhook_attempts_total\{result="failure"\} 1/);
      assert.match(metrics, /tandem_webhook_attempt_duration_seconds_count 2/);
      assert.match(metrics, /tandem_webhook_queue_depth 0/);
      // The write path's batches: every write so far committed, none needed running again.
      assert.match(metrics, /tandem_write_batches_total\{guarded="false"\} [1-9]\d*/);
      assert.match(metrics, /tandem_write_batch_reruns_total 0/);
      assert.match(metrics, /tandem_webhook_oldest_undelivered_age_seconds 0/);

      receiver.answerWith(() => ({ status: 500 }));
      await api.post("/business/communication/channels", {
        business_uid: business.business.uid,
        type: "transactional",
      });
      const waiting = await eventually(
        async () => {
          const text = String((await call(server.url, "GET", "/metrics")).body);
          return /tandem_webhook_queue_depth 1/.test(text) ? text : null;
        },
        10_000,
        "a delivery waiting for its retry",
      );
      const age = Number(/tandem_webhook_oldest_undelivered_age_seconds ([\d.e-]+)/.exec(waiting)?.[1]);
      assert.ok(age > 0, "the oldest undelivered event has an age");
      receiver.answerWith(() => ({ status: 204 }));
    });

    it("logs each attempt with its delivery id and webhook id", async () => {
      const entries = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.delivery_uid);
      assert.ok(entries.length > 0);
      for (const entry of entries) assert.equal(entry.webhook_id, `msg_${entry.delivery_uid}`);
      assert.ok(entries.some((entry) => entry.msg === "webhook delivered"));
      assert.ok(entries.some((entry) => entry.msg === "webhook delivery failed"));
    });
  });
}
