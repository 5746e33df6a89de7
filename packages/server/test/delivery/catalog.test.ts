import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Type } from "@sinclair/typebox";
import { WEBHOOK_CATALOG, type WebhookCatalog, type WebhookKind } from "@tandem/contract";
import type { Client, JsonObject } from "@tandem/test-support";
import {
  activeChannel,
  activeSession,
  businessWithApp,
  createClient,
  DIALECTS,
  directory,
  eventually,
  registerApp,
  signIn,
  staffClient,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";
import type { AppWebhook } from "../../src/events/types.js";

/** Kinds only this test's catalog has: nothing else in the server knows of them. */
const NOTE_ADDED: WebhookKind = {
  name: "note.added",
  summary: "Staff added a note to a session",
  method: "POST",
  path: "/notes/{session_uid}",
  body: Type.Object({ note: Type.String(), session_uid: Type.String() }),
  orderedBy: "session",
  onFailure: "retry",
  lifetimeMs: null,
  label: "Note added",
  pageEvent: null,
};
const FLASH: WebhookKind = {
  name: "flash",
  summary: "Worth nothing late",
  method: "PUT",
  path: "/flash/{session_uid}",
  body: Type.Object({ flash: Type.Boolean() }),
  orderedBy: null,
  onFailure: "drop",
  lifetimeMs: null,
  label: "Flash",
  pageEvent: null,
};
const FLEETING: WebhookKind = {
  ...FLASH,
  name: "fleeting",
  path: "/fleeting/{session_uid}",
  onFailure: "retry",
  lifetimeMs: 200,
  label: "Fleeting",
};
const CATALOG: WebhookCatalog = {
  ...WEBHOOK_CATALOG,
  "note.added": NOTE_ADDED,
  flash: FLASH,
  fleeting: FLEETING,
};

/** The event catalog alone decides a kind's method, path, ordering, retry and label in the log. */
for (const dialect of DIALECTS) {
  describe(`the catalog drives delivery on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let app: JsonObject;
    let staff: Client;
    let channel: JsonObject;
    let person: JsonObject;
    let session: JsonObject;

    before(async () => {
      await receiver.start();
      // A retry waits half a second: long enough that a message not held behind it would overtake it.
      // One delivery at a time per app, so a slow answer keeps the next call waiting.
      server = await startServer({
        dialect,
        webhookCatalog: CATALOG,
        env: { TANDEM_WEBHOOK_RETRY_SCHEDULE: "0.5,0.5,0.5", TANDEM_WEBHOOK_CONCURRENCY: "1" },
      });
      app = (await registerApp(server, receiver)).app;
      const { business, appApi } = await businessWithApp(server, app);
      staff = staffClient(server, await signIn(server, business.adminEmail, business.adminPassword));
      channel = await activeChannel(appApi, receiver, business.business.uid);
      person = (await createClient(server, business.business.uid)).client;
      session = await activeSession(appApi, receiver, business.business.uid, channel.uid, person.uid);
    });
    after(async () => {
      await server?.close();
      await receiver.close();
    });

    /** A command of the test's own: one event carrying a call of a kind of the catalog. */
    const emit = (kind: string, pathValues: Record<string, string>, body: unknown) => {
      const webhook: AppWebhook = {
        kind,
        appId: app.app_id,
        businessUid: session.business_uid,
        pathValues,
        body,
        subject: { session: session.uid, channel: channel.uid },
      };
      return server.tandem.domain.writer.run(async (context) => context.emit({ type: "webhook", webhook }));
    };

    const logOf = async (event: string) => {
      const list = await directory(server).get(`/platform/v1/apps/${app.app_id}/deliveries?event=${event}`);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      return list.body.data.deliveries as JsonObject[];
    };

    it("sends a new kind signed, in order with its session's other events, retried after a 500", async () => {
      const notePath = `/notes/${session.uid}`;
      let notesAnswered = 0;
      receiver.answerWith((hook) =>
        hook.path === notePath && notesAnswered++ === 0 ? { status: 500 } : { status: 204 },
      );

      await emit("note.added", { session_uid: session.uid }, { note: "call back", session_uid: session.uid });
      const sent = await staff.post(`/api/conversations/${person.uid}/messages`, {
        channel_uid: channel.uid,
        message: "after the note",
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const messageUid: string = sent.body.data.message.uid;

      const message = await receiver.waitFor((hook) => hook.body.message_uid === messageUid, 10_000);
      const notes = receiver.matching((hook) => hook.path === notePath);
      assert.equal(notes.length, 2, "the note was retried once after its 500");
      for (const note of notes) {
        assert.equal(note.method, "POST");
        assert.ok(note.signatureValid, "signed per Standard Webhooks with the app's secret");
        assert.deepEqual(note.body, { note: "call back", session_uid: session.uid });
      }
      assert.equal(notes[0]?.webhookId, notes[1]?.webhookId, "one webhook-id across attempts");
      const [first, retry] = notes as [(typeof notes)[0], (typeof notes)[0]];
      assert.ok(
        receiver.received.indexOf(retry) < receiver.received.indexOf(message),
        "the session's message waited behind the note being retried",
      );
      assert.ok(receiver.received.indexOf(first) < receiver.received.indexOf(retry));

      const [logged] = await logOf("note.added");
      assert.ok(logged, "the note is in the delivery log");
      assert.equal(logged.label, "Note added");
      assert.equal(logged.method, "POST");
      assert.equal(logged.path, notePath);
      assert.equal(logged.state, "succeeded");
      assert.equal(logged.attempt_count, 2);
      const [messageLogged] = await logOf("message.created");
      assert.equal(messageLogged?.label, WEBHOOK_CATALOG["message.created"].label);
    });

    it("drops a kind the catalog marks drop after its first failed attempt", async () => {
      const flashPath = `/flash/${session.uid}`;
      receiver.answerWith((hook) => (hook.path === flashPath ? { status: 500 } : { status: 204 }));
      await emit("flash", { session_uid: session.uid }, { flash: true });
      const failed = await eventually(
        async () => (await logOf("flash")).find((delivery) => delivery.state === "failed"),
        10_000,
        "the flash delivery to fail",
      );
      assert.equal(failed.attempt_count, 1);
      assert.equal(failed.method, "PUT");
      assert.equal(failed.label, "Flash");
      assert.equal(receiver.matching((hook) => hook.path === flashPath).length, 1, "never retried");
      receiver.answerWith(() => ({ status: 204 }));
    });

    it("drops a kind with a lifetime once it waited past it, never sending it late", async () => {
      const notePath = `/notes/${session.uid}`;
      receiver.answerWith((hook) =>
        hook.path === notePath ? { status: 204, delayMs: 1_000 } : { status: 204 },
      );
      await emit("note.added", { session_uid: session.uid }, { note: "slow", session_uid: session.uid });
      await receiver.waitFor((hook) => hook.path === notePath && hook.body.note === "slow");
      await emit("fleeting", { session_uid: session.uid }, { flash: true });
      const dropped = await eventually(
        async () => (await logOf("fleeting")).find((delivery) => delivery.state === "dropped"),
        10_000,
        "the fleeting delivery to be dropped",
      );
      assert.equal(dropped.attempt_count, 0);
      assert.equal(dropped.last_error, "stale fleeting event");
      assert.equal(dropped.label, "Fleeting");
      assert.equal(receiver.matching((hook) => hook.path === `/fleeting/${session.uid}`).length, 0);
      receiver.answerWith(() => ({ status: 204 }));
    });

    it("refuses a call of a kind the catalog does not list, writing nothing", async () => {
      await assert.rejects(emit("unknown.kind", {}, {}), /no webhook kind unknown\.kind in the catalog/);
      assert.equal((await logOf("unknown.kind")).length, 0);
    });
  });
}
