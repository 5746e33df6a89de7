import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type CommunicationApi, Tandem, type WebhookDelivery, WebhookHandler } from "../src/index.js";
import {
  createBusiness,
  DIALECTS,
  directory,
  eventually,
  install,
  type JsonObject,
  signIn,
  staffClient,
  startServer,
  type TestServer,
  unique,
} from "./support/tandem-server.js";
import { type AdapterName, startWebhookServer, type WebhookServer } from "./support/webhook-servers.js";

interface Heard {
  kind: string;
  event: JsonObject;
  delivery: WebhookDelivery;
}

/** One adapter per database, so that real Tandem calls reach two of them. */
const ADAPTER_ON: Record<string, AdapterName> = { sqlite: "node http", postgres: "fastify" };

/**
 * A real Tandem calling an app built on the SDK: its api_uri is the SDK's webhook handler, and the
 * app acts through the SDK's client. Every event kind arrives verified and typed.
 */
for (const dialect of DIALECTS) {
  const adapter = ADAPTER_ON[dialect] ?? "fetch";
  describe(`real webhooks from Tandem on ${dialect}, through the ${adapter} adapter`, () => {
    let server: TestServer;
    let endpoint: WebhookServer;
    let handler: WebhookHandler | undefined;
    let app: JsonObject;
    let api: CommunicationApi;
    let businessUid: string;
    let staff: ReturnType<typeof staffClient>;
    const heard: Heard[] = [];
    const failures: WebhookDelivery[] = [];
    let failOutgoing = 1;
    let channelUid: string;
    let clientUid: string;
    let sessionUid: string;

    const hear = (kind: string) => (event: object, delivery: WebhookDelivery) => {
      heard.push({ kind, event: event as JsonObject, delivery });
    };
    const heardOne = (kind: string, match: (event: JsonObject) => boolean) =>
      eventually(
        async () => heard.find((each) => each.kind === kind && match(each.event)),
        10_000,
        `a ${kind} webhook`,
      );

    before(async () => {
      endpoint = await startWebhookServer(adapter, () => {
        if (!handler) throw new Error("no handler yet");
        return handler;
      });
      server = await startServer({ dialect });
      const registered = await directory(server).post("/platform/v1/apps", {
        name: unique("Sdk Chat "),
        app_type: ["communication"],
        trusted: true,
        redirect_uri: "http://127.0.0.1:1/callback",
        api_uri: endpoint.apiUri,
        scopes: ["openid", "business/clients", "business/communication"],
      });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      app = registered.body.data.app;
      handler = new WebhookHandler({
        secret: app.webhook_secret,
        onChannelStatus: hear("channel"),
        onSessionStatus: hear("session"),
        onMessageStatus: hear("message status"),
        onTyping: hear("typing"),
        onOutgoingMessage: (event, delivery) => {
          if (failOutgoing-- > 0) throw new Error("the network is down");
          hear("outgoing")(event, delivery);
        },
        onError: (_error, delivery) => failures.push(delivery),
      });
      const business = await createBusiness(server);
      businessUid = business.business.uid;
      await install(server, businessUid, app.app_code_name);
      api = new Tandem({
        baseUrl: server.url,
        clientId: app.client_id,
        clientSecret: app.client_secret,
      }).forBusiness(businessUid);
      staff = staffClient(server, await signIn(server, business.adminEmail, business.adminPassword));
    });
    after(async () => {
      await server.close();
      await endpoint.close();
    });

    it("hears the channel validated and the session's statuses", async () => {
      channelUid = (await api.channels.create({ type: "transactional", display_name: "SMS" })).channel.uid;
      const active = await heardOne(
        "channel",
        (event) => event.channel_uid === channelUid && event.status === "active",
      );
      assert.equal(active.event.business_uid, businessUid);
      assert.equal(active.delivery.kind, "channel.updated");

      clientUid = (await api.clients.create({ first_name: "Sam", phone: "+15550100" })).client.uid;
      sessionUid = (
        await api.sessions.create({
          channel_uid: channelUid,
          contact_uid: clientUid,
          external_uid: "+15550100",
        })
      ).session.uid;
      await heardOne("session", (event) => event.session_uid === sessionUid && event.status === "inactive");
      await api.sessions.update(sessionUid, { status: "active" });
      const session = await heardOne(
        "session",
        (event) => event.session_uid === sessionUid && event.status === "active",
      );
      assert.equal(session.event.channel_uid, channelUid);
    });

    it("hears staff read an incoming message, and staff typing", async () => {
      await api.messages.create({
        channel_uid: channelUid,
        external_uid: "+15550100",
        message: "Is my order ready?",
        message_uid: "sms-1",
      });
      const read = await staff.post(`/api/conversations/${clientUid}/read`);
      assert.equal(read.status, 200, JSON.stringify(read.body));
      const status = await heardOne(
        "message status",
        (event) => event.message_uid === "sms-1" && event.status === "read",
      );
      assert.equal(status.event.channel_uid, channelUid);

      const typing = await staff.post(`/api/conversations/${clientUid}/typing`, {
        channel_uid: channelUid,
        typing: true,
      });
      assert.equal(typing.status, 200, JSON.stringify(typing.body));
      const heardTyping = await heardOne("typing", (event) => event.session_uid === sessionUid);
      assert.equal(heardTyping.event.typing, true);
    });

    it("answers 500 when the app fails a staff message; Tandem retries the same webhook-id, handled once", async () => {
      const sent = await staff.post(`/api/conversations/${clientUid}/messages`, {
        channel_uid: channelUid,
        message: "Ready at five.",
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const outgoing = await heardOne("outgoing", (event) => event.message === "Ready at five.");
      assert.equal(outgoing.event.external_uid, "+15550100");
      assert.equal(outgoing.event.session_uid, sessionUid);
      assert.deepEqual(
        failures.map((delivery) => delivery.id),
        [outgoing.delivery.id],
        "the failed attempt and the handled retry are one webhook",
      );
      assert.equal(heard.filter((each) => each.kind === "outgoing").length, 1);

      const report = await api.messages.reportStatus(outgoing.event.message_uid, {
        channel_uid: channelUid,
        status: "received",
      });
      assert.equal(report.message.status, "received");

      const deliveries = await directory(server).get(
        `/platform/v1/apps/${app.app_id}/deliveries?event=message.created`,
      );
      assert.equal(deliveries.status, 200, JSON.stringify(deliveries.body));
      const delivery = deliveries.body.data.deliveries.find(
        (each: JsonObject) => each.webhook_id === outgoing.delivery.id,
      );
      assert.ok(delivery, "Tandem's delivery log holds the webhook the app handled");
      assert.equal(delivery.status, "succeeded");
      assert.equal(delivery.attempt_count, 2);
      console.log(`# Tandem's log: ${delivery.summary}`);
    });

    it("never handed the app a webhook twice", () => {
      const ids = heard.map((each) => each.delivery.id);
      assert.equal(new Set(ids).size, ids.length);
    });
  });
}
