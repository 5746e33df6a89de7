import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  clientWithSession,
  DIALECTS,
  type JsonObject,
  readyConversation,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "../src/index.js";

/** A ready conversation is what the server says it is: every part active, reachable by its own callers. */
for (const dialect of DIALECTS) {
  describe(`a ready conversation on ${dialect}`, () => {
    let server: TestServer;

    before(async () => {
      server = await startServer({ dialect });
    });
    after(async () => {
      await server?.close();
    });

    it("has an active channel and session, which the app reads and the page shows", async () => {
      const ready = await readyConversation(server, { client: { first_name: "Ruth" } });
      try {
        const channel = await ready.appApi.get(`/business/communication/channels/${ready.channel.uid}`);
        assert.equal(channel.status, 200, JSON.stringify(channel.body));
        assert.equal(channel.body.data.channel.status, "active");
        const session = await ready.appApi.get(`/business/communication/sessions/${ready.session.uid}`);
        assert.equal(session.status, 200, JSON.stringify(session.body));
        assert.equal(session.body.data.session.status, "active");
        assert.equal(session.body.data.session.contact_uid, ready.client.uid);
        assert.equal(ready.client.first_name, "Ruth");

        const more = await clientWithSession(server, ready);
        assert.equal(more.session.status, "active");
        assert.equal(more.session.channel_uid, ready.channel.uid);
        assert.notEqual(more.client.uid, ready.client.uid);

        const sent = await ready.staff.post(`/api/conversations/${ready.client.uid}/messages`, {
          channel_uid: ready.channel.uid,
          message: "Your cake is ready.",
        });
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        const delivered = await ready.receiver.waitFor(
          (webhook) => webhook.body?.message_uid === sent.body.data.message.uid,
        );
        assert.ok(delivered.signatureValid, "the receiver holds the app's webhook secret");
      } finally {
        await ready.close();
      }
      await assert.rejects(fetch(ready.receiver.baseUrl), "close stops the receiver it started");
    });

    it("shares an app and a receiver the test owns, which close leaves running", async () => {
      const receiver = new WebhookReceiver();
      await receiver.start();
      try {
        const first = await readyConversation(server, { receiver });
        const second = await readyConversation(server, { receiver, app: first.app });
        assert.equal(second.app.app_id, first.app.app_id);
        assert.notEqual(second.businessUid, first.businessUid);
        const inbox = await second.staff.get("/api/conversations");
        const listed = inbox.body.data.conversations.map((entry: JsonObject) => entry.client.uid);
        assert.deepEqual(listed, [second.client.uid], "each business sees only its own client");
        await second.close();
        assert.equal((await fetch(receiver.baseUrl)).status, 204);
      } finally {
        await receiver.close();
      }
    });
  });
}
