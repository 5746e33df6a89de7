import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  activeChannel,
  activeSession,
  DIALECTS,
  installedIntegration,
  readyConversation,
  registerIntegration,
  startServer,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";

for (const dialect of DIALECTS) {
  describe(`upsert-and-send (${dialect})`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();

    before(async () => {
      await receiver.start();
      server = await startServer({ dialect });
    });

    after(async () => {
      await server?.close();
      await receiver.close();
    });

    it("finds a client with a session by phone and sends through its channel as a staff message goes", async () => {
      const phone = `+3161${Math.floor(1e6 + Math.random() * 8e6)}`;
      const ready = await readyConversation(server, { receiver, client: { phone } });
      const integration = await installedIntegration(
        server,
        await registerIntegration(server),
        ready.businessUid,
      );
      const answer = await integration.post("/business/conversations/v1/conversations", {
        contact: { phone: phone.replace(/^\+31/, "0031 "), attributes: { plate: "XX-99-WZ" } },
        messages: [{ text: "Your car is ready" }],
        channel: "best",
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.data.client.uid, ready.client.uid);
      assert.deepEqual(answer.body.data.client.attributes, { plate: "XX-99-WZ" });
      assert.equal(answer.body.data.channel.uid, ready.channel.uid);
      const [message] = answer.body.data.messages;
      assert.equal(message.sender.kind, "integration");
      const webhook = await receiver.waitFor(
        (call) => call.path === "/messages" && call.body.message_uid === message.uid,
      );
      assert.equal(webhook.signatureValid, true);
      assert.equal(webhook.body.external_uid, ready.session.external_uid);
      assert.equal(webhook.body.contact, undefined);
      const thread = await ready.staff.get(`/api/conversations/${ready.client.uid}/messages`);
      assert.equal(
        thread.body.data.messages[0].sender.display_name,
        answer.body.data.messages[0].sender.display_name,
      );
    });

    it("picks the channel with the client's latest activity for best, and the app's channel by its code name", async () => {
      const email = `${unique("Ada.")}@Example.com`;
      const ready = await readyConversation(server, {
        receiver,
        client: { email: email.toLowerCase(), phone: null },
      });
      const second = await activeChannel(ready.appApi, receiver, ready.businessUid, "SMS");
      const secondSession = await activeSession(
        ready.appApi,
        receiver,
        ready.businessUid,
        second.uid,
        ready.client.uid,
      );
      const integration = await installedIntegration(
        server,
        await registerIntegration(server),
        ready.businessUid,
      );
      const send = (channel: string) =>
        integration.post("/business/conversations/v1/conversations", {
          contact: { email: email.toUpperCase() },
          messages: [{ text: `through ${channel}` }],
          channel,
        });
      const writes = async (channelUid: string, externalUid: string) => {
        const posted = await ready.appApi.post("/business/communication/messages", {
          channel_uid: channelUid,
          external_uid: externalUid,
          message: "hello",
          message_uid: unique("m-"),
        });
        assert.equal(posted.status, 201, JSON.stringify(posted.body));
      };

      await writes(second.uid, secondSession.external_uid);
      const toSecond = await send("best");
      assert.equal(toSecond.status, 200, JSON.stringify(toSecond.body));
      assert.equal(toSecond.body.data.client.uid, ready.client.uid, "found by email, whatever its case");
      assert.equal(toSecond.body.data.channel.uid, second.uid);

      await writes(ready.channel.uid, ready.session.external_uid);
      assert.equal((await send("best")).body.data.channel.uid, ready.channel.uid);
      const byApp = await send(ready.app.app_code_name);
      assert.equal(byApp.status, 200, JSON.stringify(byApp.body));
      assert.equal(byApp.body.data.channel.uid, ready.channel.uid);
      assert.equal((await send(second.uid)).body.data.channel.uid, second.uid);
      assert.equal((await send("noSuchApp")).status, 404);
    });
  });
}
