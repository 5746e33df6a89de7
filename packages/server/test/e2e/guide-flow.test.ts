import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  activeChannel,
  appToken,
  type Client,
  client,
  createBusiness,
  createClient,
  DIALECTS,
  directory,
  eventually,
  install,
  type JsonObject,
  registerApp,
  signIn,
  staffClient,
  startServer,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";

/**
 * The developer guide, step by step over HTTP against the real server, with a real receiver
 * playing the app and checking every signature. The same walk runs on SQLite and PostgreSQL.
 */
for (const dialect of DIALECTS) {
  describe(`the guide's flow on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    const otherReceiver = new WebhookReceiver();
    let app: JsonObject;
    let appApi: Client;
    let business: Awaited<ReturnType<typeof createBusiness>>;
    let staff: Client;
    let clientRow: JsonObject;
    let channel: JsonObject;
    let session: JsonObject;

    before(async () => {
      await receiver.start();
      await otherReceiver.start();
      server = await startServer({ dialect });
    });

    after(async () => {
      await server?.close();
      await receiver.close();
      await otherReceiver.close();
    });

    it("creates a communication app, shows its secrets once, and installs it", async () => {
      ({ app } = await registerApp(server, receiver));
      assert.match(app.app_code_name, /^[a-zA-Z0-9]+$/);
      assert.match(app.webhook_secret, /^whsec_/);
      assert.ok(app.client_secret);
      const read = await directory(server).get(`/platform/v1/apps/${app.app_id}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.data.app.client_secret, undefined);
      assert.equal(read.body.data.app.webhook_secret, undefined);

      business = await createBusiness(server);
      await install(server, business.business.uid, app.app_code_name);
      appApi = client(server.url, await appToken(server, app.app_id, business.business.uid));
      staff = staffClient(server, await signIn(server, business.adminEmail, business.adminPassword));
      clientRow = (await createClient(server, business.business.uid)).client;
    });

    it("creates a channel: pending, then a signed `active` webhook", async () => {
      const created = await appApi.post("/business/communication/channels", {
        business_uid: business.business.uid,
        type: "transactional",
        display_name: "WhatsApp",
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.success, true);
      assert.equal(created.body.data.channel.status, "pending");
      assert.equal(created.body.data.channel.app_code_name, app.app_code_name);
      channel = created.body.data.channel;
      const webhook = await receiver.waitFor((hook) => hook.path === `/channels/${channel.uid}`);
      assert.equal(webhook.method, "PUT");
      assert.deepEqual(webhook.body, {
        status: "active",
        channel_uid: channel.uid,
        business_uid: business.business.uid,
      });
      assert.ok(webhook.signatureValid, "signature verifies with the app's webhook secret");
      const read = await appApi.get(`/business/communication/channels/${channel.uid}`);
      assert.equal(read.body.data.channel.status, "active");
    });

    it("opens a session: pending → inactive by webhook → the app activates → active by webhook", async () => {
      const externalUid = unique("wa-");
      const created = await appApi.post("/business/communication/sessions", {
        business_uid: business.business.uid,
        channel_uid: channel.uid,
        contact_uid: clientRow.uid,
        external_uid: externalUid,
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.data.session.status, "pending");
      session = created.body.data.session;
      const inactive = await receiver.waitFor((hook) => hook.path === `/sessions/${session.uid}`);
      assert.deepEqual(inactive.body, {
        status: "inactive",
        session_uid: session.uid,
        channel_uid: channel.uid,
      });

      const again = await appApi.post("/business/communication/sessions", {
        business_uid: business.business.uid,
        channel_uid: channel.uid,
        contact_uid: clientRow.uid,
        external_uid: externalUid,
      });
      assert.equal(again.status, 200, "the same request returns the existing session");
      assert.equal(again.body.data.session.uid, session.uid);

      const conflicting = await appApi.post("/business/communication/sessions", {
        business_uid: business.business.uid,
        channel_uid: channel.uid,
        contact_uid: clientRow.uid,
        external_uid: "someone-else",
      });
      assert.equal(conflicting.status, 422);
      assert.equal(conflicting.body.errors[0].code, "already_exists");
      assert.equal(conflicting.body.errors[0].uid, session.uid);

      const activated = await appApi.put(`/business/communication/sessions/${session.uid}`, {
        status: "active",
      });
      assert.equal(activated.body.data.session.status, "active");
      const active = await receiver.waitFor(
        (hook) => hook.path === `/sessions/${session.uid}` && hook.body.status === "active",
      );
      assert.ok(active.signatureValid);

      const found = await appApi.get(
        `/business/communication/sessions?channel_uid=${channel.uid}&external_uid=${externalUid}`,
      );
      assert.equal(found.body.data.sessions.length, 1);
      assert.equal(found.body.data.sessions[0].uid, session.uid);
    });

    it("takes an incoming message once (idempotent on message_uid) and reports displayed, then read", async () => {
      const body = {
        channel_uid: channel.uid,
        external_uid: session.external_uid,
        message: "Hello, is the shop open today?",
        message_uid: unique("wamid."),
        created_at: "2026-11-01 10:00:00",
      };
      const first = await appApi.post("/business/communication/messages", body);
      assert.equal(first.status, 201);
      assert.equal(first.body.data.message.status, "pending");
      assert.equal(first.body.data.message.created_at, "2026-11-01T10:00:00.000Z");
      const second = await appApi.post("/business/communication/messages", body);
      assert.equal(second.status, 200);
      assert.equal(second.body.data.message.uid, first.body.data.message.uid);

      const inbox = await staff.get("/api/conversations");
      assert.equal(inbox.status, 200);
      const conversation = inbox.body.data.conversations.find(
        (entry: JsonObject) => entry.client_uid === clientRow.uid,
      );
      assert.equal(conversation.unread_count, 1);
      assert.equal(conversation.last_message.message, body.message);

      const thread = await staff.get(`/api/conversations/${clientRow.uid}/messages`);
      assert.equal(thread.body.data.messages.length, 1, "one message, not two");
      assert.equal(thread.body.data.messages[0].status, "received");
      assert.equal(thread.body.data.messages[0].channel.display_name, "WhatsApp");
      const received = await receiver.waitFor((hook) => hook.path === `/messages/${body.message_uid}`);
      assert.deepEqual(received.body, { status: "received", channel_uid: channel.uid });

      const read = await staff.post(`/api/conversations/${clientRow.uid}/read`);
      assert.equal(read.status, 200);
      const readHook = await receiver.waitFor(
        (hook) => hook.path === `/messages/${body.message_uid}` && hook.body.status === "read",
      );
      assert.ok(readHook.signatureValid);
      const after = await staff.get("/api/conversations");
      assert.equal(
        after.body.data.conversations.find((entry: JsonObject) => entry.client_uid === clientRow.uid)
          .unread_count,
        0,
      );
    });

    it("sends a staff message through the chosen channel and follows the app's status reports", async () => {
      const dropdown = await staff.get(`/api/conversations/${clientRow.uid}/channels`);
      assert.equal(dropdown.status, 200);
      const choice = dropdown.body.data.channels.find(
        (entry: JsonObject) => entry.channel_uid === channel.uid,
      );
      assert.equal(choice.available, true);

      const sent = await staff.post(`/api/conversations/${clientRow.uid}/messages`, {
        channel_uid: channel.uid,
        message: "Yes, until 6 pm.",
      });
      assert.equal(sent.status, 201);
      assert.equal(sent.body.data.message.status, "pending");
      const uid = sent.body.data.message.uid;
      const outgoing = await receiver.waitFor(
        (hook) => hook.method === "POST" && hook.path === "/messages" && hook.body.message_uid === uid,
      );
      assert.ok(outgoing.signatureValid);
      assert.equal(outgoing.body.external_uid, session.external_uid);
      assert.equal(outgoing.body.session_uid, session.uid);
      assert.equal(outgoing.body.status, "pending");
      assert.equal(outgoing.body.sender.display_name, "Ada Admin");

      for (const status of ["sent", "received", "read"]) {
        const report = await appApi.put(`/business/communication/messages/${uid}`, {
          channel_uid: channel.uid,
          status,
        });
        assert.equal(report.status, 200);
        assert.equal(report.body.data.message.status, status);
      }
      const stale = await appApi.put(`/business/communication/messages/${uid}`, {
        channel_uid: channel.uid,
        status: "sent",
      });
      assert.equal(stale.body.data.message.status, "read", "status only moves forward");
      const thread = await staff.get(`/api/conversations/${clientRow.uid}/messages`);
      assert.equal(thread.body.data.messages[0].status, "read");

      const failing = await staff.post(`/api/conversations/${clientRow.uid}/messages`, {
        channel_uid: channel.uid,
        message: "A photo?",
      });
      const failingUid = failing.body.data.message.uid;
      await receiver.waitFor((hook) => hook.body?.message_uid === failingUid);
      const error = await appApi.put(`/business/communication/messages/${failingUid}`, {
        channel_uid: channel.uid,
        status: "error",
        error: { code: "window_closed", message: "24 h window closed", retryable: true },
      });
      assert.equal(error.body.data.message.status, "error");
      const retry = await staff.post(`/api/messages/${failingUid}/retry`);
      assert.equal(retry.status, 200);
      assert.equal(retry.body.data.message.status, "pending");
      await eventually(
        async () => receiver.matching((hook) => hook.body?.message_uid === failingUid).length === 2,
        5_000,
        "a second delivery",
      );
    });

    it("carries typing both ways", async () => {
      const staffTyping = await staff.post(`/api/conversations/${clientRow.uid}/typing`, {
        channel_uid: channel.uid,
        typing: true,
      });
      assert.equal(staffTyping.status, 200);
      const typing = await receiver.waitFor((hook) => hook.path === `/${session.uid}/typing`);
      assert.deepEqual(typing.body, { typing: true });
      assert.ok(typing.signatureValid);

      const clientTyping = await appApi.post("/business/communication/v1/sessions/typing", {
        session_uid: session.uid,
        typing: true,
      });
      assert.equal(clientTyping.status, 200);
      assert.deepEqual(clientTyping.body, { success: true, data: {} });
      const events = await server.tandem.storage.db
        .selectFrom("page_events")
        .selectAll()
        .where("type", "=", "typing")
        .execute();
      assert.ok(events.some((event) => JSON.parse(event.data).session_uid === session.uid));
    });

    it("moves the channel to another app, which then owns it and its history", async () => {
      const { app: destination } = await registerApp(server, otherReceiver);
      await install(server, business.business.uid, destination.app_code_name);
      const moved = await appApi.put(`/business/communication/channels/${channel.uid}`, {
        app_uid: destination.app_code_name,
      });
      assert.equal(moved.status, 200);
      assert.equal(moved.body.data.channel.app_code_name, destination.app_code_name);
      const announced = await otherReceiver.waitFor((hook) => hook.path === `/channels/${channel.uid}`);
      assert.equal(announced.body.status, "active");
      assert.ok(announced.signatureValid);

      const sourceView = await appApi.get(`/business/communication/channels/${channel.uid}`);
      assert.equal(sourceView.status, 404, "the source app no longer sees the channel");
      const destinationApi = client(
        server.url,
        await appToken(server, destination.app_id, business.business.uid),
      );
      const history = await destinationApi.get(
        `/business/communication/messages?channel_uid=${channel.uid}&external_uid=${session.external_uid}`,
      );
      assert.equal(history.status, 200);
      assert.ok(history.body.data.messages.length >= 3);
    });

    it("opens sessions by itself on an open channel, upserting the client by phone", async () => {
      const openReceiver = new WebhookReceiver();
      await openReceiver.start();
      try {
        const { app: openApp } = await registerApp(server, openReceiver, {
          name: unique("SMS "),
          appen_channel: true,
        });
        assert.equal(openApp.open_channel, true);
        await install(server, business.business.uid, openApp.app_code_name);
        const openApi = client(server.url, await appToken(server, openApp.app_id, business.business.uid));
        const smsChannel = await activeChannel(openApi, openReceiver, business.business.uid, "SMS");

        const noContact = await openApi.post("/business/communication/messages", {
          channel_uid: smsChannel.uid,
          external_uid: "+15550001111",
          message: "hi",
          message_uid: unique("sms-"),
        });
        assert.equal(noContact.status, 422);
        assert.equal(noContact.body.errors[0].field, "contact");

        const first = await openApi.post("/business/communication/messages", {
          channel_uid: smsChannel.uid,
          external_uid: "+15550001111",
          message: "Hi, this is Sam",
          message_uid: unique("sms-"),
          contact: { first_name: "Sam", phone: "+1 (555) 000-1111" },
        });
        assert.equal(first.status, 201, JSON.stringify(first.body));
        const second = await openApi.post("/business/communication/messages", {
          channel_uid: smsChannel.uid,
          external_uid: "+15550001111",
          message: "Still me",
          message_uid: unique("sms-"),
        });
        assert.equal(second.status, 201);
        assert.equal(second.body.data.message.session_uid, first.body.data.message.session_uid);

        const samByPhone = await directory(server).get(
          `/platform/v1/clients?business_uid=${business.business.uid}&search_term=5550001111`,
        );
        assert.equal(samByPhone.body.data.clients.length, 1, "one client, found by phone");
        const otherDevice = await openApi.post("/business/communication/messages", {
          channel_uid: smsChannel.uid,
          external_uid: "sam-other-device",
          message: "Same Sam, other number",
          message_uid: unique("sms-"),
          contact: { first_name: "Samuel", phone: "+15550001111" },
        });
        assert.equal(otherDevice.status, 422, "one session per client and channel");
        assert.equal(otherDevice.body.errors[0].code, "already_exists");
        assert.equal(otherDevice.body.errors[0].uid, first.body.data.message.session_uid);
        const sessions = await openApi.get(`/business/communication/sessions?channel_uid=${smsChannel.uid}`);
        assert.equal(sessions.body.data.sessions.length, 1, "the same client keeps one session per channel");
      } finally {
        await openReceiver.close();
      }
    });

    it("lets a business admin deactivate a channel, which the app hears of", async () => {
      const channels = await staff.get("/api/channels");
      assert.equal(channels.status, 200);
      const target = channels.body.data.channels.find((entry: JsonObject) => entry.uid === channel.uid);
      assert.ok(target);
      const deactivated = await staff.put(`/api/channels/${channel.uid}`, { status: "inactive" });
      assert.equal(deactivated.status, 200);
      assert.equal(deactivated.body.data.channel.status, "inactive");
      const hook = await otherReceiver.waitFor(
        (webhook) => webhook.path === `/channels/${channel.uid}` && webhook.body.status === "inactive",
      );
      assert.ok(hook.signatureValid);
      const dropdown = await staff.get(`/api/conversations/${clientRow.uid}/channels`);
      const entry = dropdown.body.data.channels.find((item: JsonObject) => item.channel_uid === channel.uid);
      assert.equal(entry.available, false);
      assert.equal(entry.reason, "channel_inactive");
    });

    it("signed every webhook it sent", () => {
      assert.ok(receiver.received.length > 0);
      for (const hook of [...receiver.received, ...otherReceiver.received]) {
        assert.ok(hook.signatureValid, `${hook.method} ${hook.path} is signed`);
        assert.match(hook.webhookId, /^msg_/);
      }
    });
  });
}
