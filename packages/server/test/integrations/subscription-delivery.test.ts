import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DIALECTS,
  directory,
  eventually,
  installedIntegration,
  readyConversation,
  registerIntegration,
  startServer,
  subscribe,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";

/**
 * Subscriptions' events are deliveries like any webhook: a target that fails holds back only its own
 * events, the delivery log shows them, and recovery sends them again, in order. Groups and filters
 * select what each subscription hears.
 */
for (const dialect of DIALECTS) {
  describe(`integrations' events as deliveries (${dialect})`, () => {
    let server: TestServer;
    const chatApp = new WebhookReceiver();
    const target = new WebhookReceiver();

    before(async () => {
      await chatApp.start();
      await target.start("/crm");
      server = await startServer({ dialect, env: { TANDEM_WEBHOOK_RETRY_SCHEDULE: "0" } });
    });

    after(async () => {
      await server?.close();
      await chatApp.close();
      await target.close();
    });

    it("logs a failing target's events, keeps the app's webhooks flowing, and recovers them in order", async () => {
      const ready = await readyConversation(server, { receiver: chatApp });
      const integration = await registerIntegration(server);
      target.useSecret(integration.webhook_secret);
      const tool = await installedIntegration(server, integration, ready.businessUid);
      const subscription = await subscribe(tool, target, {
        events: ["message.created", "message.updated.read", "client"],
        filter: { direction: "client_to_business" },
      });
      const since = new Date().toISOString();

      // The target is down: its events fail; the app still gets staff's message at once.
      target.answerWith(() => ({ status: 503 }));
      for (const text of ["first", "second"]) {
        const posted = await ready.appApi.post("/business/communication/messages", {
          channel_uid: ready.channel.uid,
          external_uid: ready.session.external_uid,
          message: text,
          message_uid: unique("wamid."),
        });
        assert.equal(posted.status, 201);
      }
      const sent = await ready.staff.post(`/api/conversations/${ready.client.uid}/messages`, {
        channel_uid: ready.channel.uid,
        message: "staff reply",
      });
      await chatApp.waitFor(
        (call) => call.path === "/messages" && call.body.message_uid === sent.body.data.message.uid,
      );
      const failed = await eventually(
        async () => {
          const log = await ready.staff.get("/api/deliveries?status=failed&per_page=100");
          const mine = log.body.data.deliveries.filter(
            (entry: { subscription_uid: string | null }) => entry.subscription_uid === subscription.uid,
          );
          return mine.length === 2 ? mine : null;
        },
        10_000,
        "the target's events to fail",
      );
      assert.ok(failed.every((entry: { label: string }) => entry.label === "Message event"));
      assert.ok(
        failed.every((entry: { target_url: string }) => entry.target_url === `${target.baseUrl}/events`),
      );

      // Back up: recovery sends the failed events again, in the order they happened.
      target.answerWith(() => ({ status: 204 }));
      const recovered = await directory(server).post(
        `/platform/v1/apps/${integration.app_id}/deliveries/recover`,
        {
          since,
        },
      );
      assert.equal(recovered.status, 200, JSON.stringify(recovered.body));
      await target.waitFor((call) => call.body.data?.message?.message === "second" && call.signatureValid);
      const heard = target
        .matching((call) => call.signatureValid && call.body.event?.startsWith("message.created"))
        .filter((call, index, all) => all.findIndex((other) => other.webhookId === call.webhookId) === index);
      const firstSuccess = (text: string) =>
        target.received.findIndex((call) => call.body.data?.message?.message === text && call.signatureValid);
      assert.ok(firstSuccess("first") < firstSuccess("second"), "in order per conversation");
      assert.ok(
        heard.every((call) => call.body.event === "message.created.client_to_business"),
        "the filter kept the staff message out",
      );

      // Groups: staff reading the thread and a client's new attributes reach it too.
      const read = await ready.staff.post(`/api/conversations/${ready.client.uid}/read`);
      assert.equal(read.status, 200);
      await target.waitFor((call) => call.body.event === "message.updated.read");
      const changed = await tool.post("/business/conversations/v1/conversations", {
        contact: { phone: ready.client.phone, attributes: { location: "3204" } },
        messages: [],
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      const updated = await target.waitFor((call) => call.body.event === "client.updated");
      assert.deepEqual(updated.body.data.client.attributes, { location: "3204" });
    });
  });
}
