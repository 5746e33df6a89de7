import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  Browser,
  client,
  DIALECTS,
  formEndingWith,
  readyConversation,
  registerIntegration,
  startServer,
  subscribe,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";
import { authorizePath, exchangeCode, postToken } from "../oauth/flow.js";

/**
 * Seed 002's use case end to end: a booking tool installed by OAuth reminds a new client by phone
 * from a template through the best channel, and hears the client's replies, signed and in order.
 */
for (const dialect of DIALECTS) {
  describe(`a business integration, end to end (${dialect})`, () => {
    let server: TestServer;
    const chatApp = new WebhookReceiver();
    const bookingTool = new WebhookReceiver();

    before(async () => {
      await chatApp.start();
      await bookingTool.start("/booking");
      server = await startServer({ dialect });
    });

    after(async () => {
      await server?.close();
      await chatApp.close();
      await bookingTool.close();
    });

    it("upserts a client by phone, sends a filled template through the best channel, and hears the replies", async () => {
      const ready = await readyConversation(server, { receiver: chatApp, appFields: { open_channel: true } });
      const integration = await registerIntegration(server, { trusted: false });
      bookingTool.useSecret(integration.webhook_secret);

      // Installed by the business's admin through OAuth consent, which says what the scope grants.
      const browser = new Browser(server.url);
      const signInPage = await browser.open(authorizePath(integration, { scope: "business/conversations" }));
      const consent = await browser.submit(formEndingWith(signInPage, "login"), {
        email: ready.business.adminEmail,
        password: ready.business.adminPassword,
      });
      assert.match(
        consent.html,
        /Message your business&#39;s clients by phone or email|Message your business's clients by phone or email/,
      );
      const landing = await browser.submit(formEndingWith(consent, "confirm"));
      const code = landing.redirectedTo?.searchParams.get("code");
      assert.ok(code, landing.html);
      const tokens = await exchangeCode(server, integration, code);
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
      assert.match(tokens.body.scope, /business\/conversations/);
      const tool = client(server.url, tokens.body.access_token);

      const template = await tool.post("/business/conversations/v1/templates", {
        name: "appointment_24_hours_before",
        body: "Dear {{client.first_name}}, you have an appointment tomorrow at {{appointment_time}} for {{client.attributes.plate}}.",
      });
      assert.equal(template.status, 201, JSON.stringify(template.body));
      assert.deepEqual(template.body.data.template.variables, [
        "client.first_name",
        "appointment_time",
        "client.attributes.plate",
      ]);
      const subscription = await subscribe(tool, bookingTool, {
        events: ["message.created.client_to_business", "conversation.created"],
        filter: { app_code_name: ready.app.app_code_name },
      });
      assert.equal(subscription.status, "active");

      const phone = `+3161${Math.floor(1e6 + Math.random() * 8e6)}`;
      const upsert = {
        contact: {
          phone: `${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`,
          first_name: "John",
          last_name: "Johnson",
          attributes: { plate: "XX-99-WZ", location: "3204" },
        },
        messages: [{ template: "appointment_24_hours_before", variables: { appointment_time: "3.15 pm" } }],
        channel: "best",
        idempotency_key: unique("reminder-"),
      };
      const sent = await tool.post("/business/conversations/v1/conversations", upsert);
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const john = sent.body.data.client;
      assert.equal(john.phone, phone);
      assert.deepEqual(john.attributes, { plate: "XX-99-WZ", location: "3204" });
      assert.equal(sent.body.data.channel.uid, ready.channel.uid);
      const [reminder] = sent.body.data.messages;
      const text = "Dear John, you have an appointment tomorrow at 3.15 pm for XX-99-WZ.";
      assert.equal(reminder.message, text);
      assert.deepEqual(reminder.sender, {
        kind: "integration",
        app_code_name: integration.app_code_name,
        display_name: integration.name,
      });

      // The same call again sends nothing and answers the first result.
      const repeated = await tool.post("/business/conversations/v1/conversations", upsert);
      assert.equal(repeated.status, 201);
      assert.deepEqual(
        repeated.body.data.messages.map((message: { uid: string }) => message.uid),
        [reminder.uid],
      );

      // The chat app has no session with John yet: its webhook addresses him by phone.
      const outgoing = await chatApp.waitFor(
        (call) => call.path === "/messages" && call.body.message_uid === reminder.uid,
      );
      assert.equal(outgoing.signatureValid, true);
      assert.equal(outgoing.body.message, text);
      assert.equal(outgoing.body.external_uid, phone);
      assert.deepEqual(outgoing.body.contact, {
        first_name: "John",
        last_name: "Johnson",
        phone,
        email: null,
      });
      assert.equal(outgoing.body.sender.display_name, integration.name);
      assert.equal(chatApp.matching((call) => call.body.message_uid === reminder.uid).length, 1);

      // Its first report names its own id of John, and his replies come in on it.
      const externalUid = unique("wa-");
      const report = await ready.appApi.put(`/business/communication/messages/${reminder.uid}`, {
        channel_uid: ready.channel.uid,
        status: "sent",
        external_uid: externalUid,
      });
      assert.equal(report.status, 200, JSON.stringify(report.body));
      assert.equal(report.body.data.message.external_uid, externalUid);
      for (const [index, reply] of ["Yes, I will be there", "Can I bring the spare tyres?"].entries()) {
        const posted = await ready.appApi.post("/business/communication/messages", {
          channel_uid: ready.channel.uid,
          external_uid: externalUid,
          message: reply,
          message_uid: `wamid.${externalUid}.${index}`,
        });
        assert.equal(posted.status, 201, JSON.stringify(posted.body));
      }

      await bookingTool.waitFor(
        (call) => call.body.data?.message?.message === "Can I bring the spare tyres?",
      );
      const heard = bookingTool.matching(
        (call) => call.path === "/events" && call.body.event !== "subscription.verification",
      );
      assert.ok(heard.every((call) => call.signatureValid));
      assert.deepEqual(
        heard.map((call) => [call.body.event, call.body.data.message?.message ?? call.body.data.client?.uid]),
        [
          ["conversation.created", john.uid],
          ["message.created.client_to_business", "Yes, I will be there"],
          ["message.created.client_to_business", "Can I bring the spare tyres?"],
        ],
      );
      assert.ok(heard.every((call) => call.body.subscription_uid === subscription.uid));

      // The page shows the integration as the sender and John's attributes.
      const thread = await ready.staff.get(`/api/conversations/${john.uid}/messages`);
      const shown = thread.body.data.messages.find(
        (message: { uid: string }) => message.uid === reminder.uid,
      );
      assert.equal(shown.sender.kind, "integration");
      assert.equal(shown.sender.display_name, integration.name);
      const conversation = await ready.staff.get(`/api/conversations/${john.uid}`);
      assert.deepEqual(conversation.body.data.conversation.client.attributes, {
        plate: "XX-99-WZ",
        location: "3204",
      });

      // Its tokens live as a communication app's do: refreshed by rotation, and useless once revoked.
      const refreshed = await postToken(server, "/oauth/token", {
        grant_type: "refresh_token",
        refresh_token: tokens.body.refresh_token,
        client_id: integration.client_id,
        client_secret: integration.client_secret,
      });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      const renewed = client(server.url, refreshed.body.access_token);
      assert.equal((await renewed.get("/business/conversations/v1/templates")).status, 200);
      const revoked = await postToken(
        server,
        "/oauth/revoke",
        {
          token: refreshed.body.access_token,
          client_id: integration.client_id,
          client_secret: integration.client_secret,
        },
        { as: "form" },
      );
      assert.equal(revoked.status, 200);
      assert.equal((await renewed.get("/business/conversations/v1/templates")).status, 401);
    });
  });
}
