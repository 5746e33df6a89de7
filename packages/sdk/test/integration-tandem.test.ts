import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type IntegrationEvent, Tandem, type WebhookDelivery, WebhookHandler } from "../src/index.js";
import {
  appToken,
  DIALECTS,
  eventually,
  install,
  type JsonObject,
  readyConversation,
  registerIntegration,
  startServer,
  type TestServer,
  unique,
} from "./support/tandem-server.js";
import { startWebhookServer, type WebhookServer } from "./support/webhook-servers.js";

/**
 * A booking tool built on the SDK against a real Tandem: it reaches a client by phone with a
 * template, subscribes through the SDK's handler (which answers Tandem's challenge itself) and hears
 * the client's reply, filtered by direction.
 */
for (const dialect of DIALECTS) {
  describe(`an integration on the SDK, on ${dialect}`, () => {
    let server: TestServer;
    let endpoint: WebhookServer;
    let handler: WebhookHandler | undefined;
    const replies: Array<{ event: IntegrationEvent; delivery: WebhookDelivery }> = [];
    const everything: string[] = [];

    before(async () => {
      endpoint = await startWebhookServer("node http", () => {
        if (!handler) throw new Error("no handler yet");
        return handler;
      });
      server = await startServer({ dialect });
    });

    after(async () => {
      await server.close();
      await endpoint.close();
    });

    it("upserts, fills a template, subscribes and hears the client's reply", async () => {
      const phone = `+3162${Math.floor(1e6 + Math.random() * 8e6)}`;
      const ready = await readyConversation(server, { client: { phone, first_name: "Ada" } });
      const integration: JsonObject = await registerIntegration(server);
      await install(server, ready.businessUid, integration.app_code_name);
      handler = new WebhookHandler({ secret: integration.webhook_secret })
        .on("message.created", { direction: "client_to_business" }, (event, delivery) => {
          replies.push({ event, delivery });
        })
        .on("message", (event) => {
          everything.push(event.event);
        });
      const tandem = new Tandem({
        baseUrl: server.url,
        accessToken: await appToken(server, integration.app_id, ready.businessUid),
      });

      await tandem.templates.create({
        name: "ready",
        body: "Hi {{client.first_name}}, your {{item}} is ready",
      });
      const preview = await tandem.templates.preview({
        template: "ready",
        variables: { "client.first_name": "X", item: "car" },
      });
      assert.equal(preview.text, "Hi X, your car is ready");
      const { subscription } = await tandem.subscriptions.create({
        events: ["message"],
        target_url: `${endpoint.apiUri}/tandem-events`,
      });
      assert.equal(subscription.status, "active");

      const sent = await tandem.conversations.upsert({
        contact: { phone },
        messages: [{ template: "ready", variables: { item: "car" } }],
        idempotency_key: unique("sdk-"),
      });
      assert.equal(sent.client.uid, ready.client.uid);
      assert.equal(sent.messages[0]?.message, "Hi Ada, your car is ready");

      const posted = await ready.appApi.post("/business/communication/messages", {
        channel_uid: ready.channel.uid,
        external_uid: ready.session.external_uid,
        message: "Thanks, coming at five",
        message_uid: unique("wamid."),
      });
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
      const reply = await eventually(async () => replies[0], 10_000, "the reply");
      assert.equal(reply.event.event, "message.created.client_to_business");
      assert.equal(reply.delivery.kind, "integration");
      assert.equal(
        "message" in reply.event.data ? reply.event.data.message.message : null,
        "Thanks, coming at five",
      );
      await eventually(
        async () => everything.includes("message.created.business_to_client"),
        10_000,
        "the sent message",
      );
      assert.equal(replies.length, 1, "the filter kept the business's own message out");
      await ready.close();
    });
  });
}
