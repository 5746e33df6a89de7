import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Client, JsonObject } from "@tandem/test-support";
import {
  clientWithSession,
  DIALECTS,
  readyConversation,
  startServer,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";
import { type IncomingMessageInput, ingestMessage } from "../../src/domain/incoming-messages.js";

/**
 * `POST /messages` is idempotent on (channel, message_uid) whichever path a message takes: a repeat
 * is answered with the first message, 200, even when the channel, the session or the input no
 * longer pass, and repeats racing each other store one message.
 */
for (const dialect of DIALECTS) {
  describe(`repeated incoming messages on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let app: JsonObject;
    let appApi: Client;
    let businessUid: string;
    let channel: JsonObject;

    before(async () => {
      await receiver.start();
      server = await startServer({ dialect });
      ({ app, businessUid, appApi, channel } = await readyConversation(server, { receiver }));
    });

    after(async () => {
      await server?.close();
      await receiver.close();
    });

    async function newSession() {
      return (await clientWithSession(server, { receiver, businessUid, appApi, channel })).session;
    }

    const post = (body: JsonObject) => appApi.post("/business/communication/messages", body);

    async function threadLength(externalUid: string): Promise<number> {
      const history = await appApi.get(
        `/business/communication/messages?channel_uid=${channel.uid}&external_uid=${externalUid}`,
      );
      assert.equal(history.status, 200, JSON.stringify(history.body));
      return history.body.data.messages.length;
    }

    /** A new message from the session's client, with a message_uid of its own. */
    const incoming = (session: JsonObject) => ({
      channel_uid: channel.uid,
      external_uid: session.external_uid,
      message: "Is the shop open today?",
      message_uid: unique("wamid."),
    });

    it("stores one message when the same message_uid arrives many times at once", async () => {
      const session = await newSession();
      const body = incoming(session);
      const answers = await Promise.all(Array.from({ length: 12 }, () => post(body)));
      const statuses = answers.map((answer) => answer.status);
      assert.equal(statuses.filter((status) => status === 201).length, 1, String(statuses));
      assert.equal(statuses.filter((status) => status === 200).length, 11, String(statuses));
      assert.equal(new Set(answers.map((answer) => answer.body.data.message.uid)).size, 1);
      assert.equal(await threadLength(session.external_uid), 1);
    });

    it("leaves repeats arriving together out of their write, which needs no second run", async () => {
      const session = await newSession();
      const { domain } = server.tandem;
      const scope = { appId: String(app.app_id), businessUid };
      const body = incoming(session) as IncomingMessageInput;
      const other = incoming(session) as IncomingMessageInput;
      // A batch that succeeds first: a refusal in an earlier test leaves batches guarded (their
      // calls run one by one) until one has no failure.
      const first = [incoming(session), incoming(session)] as IncomingMessageInput[];
      await Promise.all(first.map((input) => ingestMessage(domain, scope, input)));
      const before = { ...domain.writer.stats };
      // Asked in one turn, so they share the look-ups and then one write: the repeats of a
      // message_uid not stored yet meet its first call there.
      const answers = await Promise.all(
        [body, body, other, body, other, body].map((input) => ingestMessage(domain, scope, input)),
      );
      assert.deepEqual(
        answers.map((answer) => answer.created),
        [true, false, true, false, false, false],
      );
      const uids = answers.map((answer) => answer.view.message.uid);
      assert.deepEqual(new Set([uids[0], uids[1], uids[3], uids[5]]).size, 1);
      assert.deepEqual(new Set([uids[2], uids[4]]).size, 1);
      // The insert left the repeats out: no unique violation, so no write was run again, guarded.
      const { batches, guardedBatches, reruns } = domain.writer.stats;
      assert.ok(batches - before.batches <= 2, `six calls took ${batches - before.batches} writes`);
      assert.deepEqual([reruns, guardedBatches], [before.reruns, before.guardedBatches]);
      assert.equal(await threadLength(session.external_uid), 4);
      const announced = await server.tandem.storage.db
        .selectFrom("page_events")
        .select("data")
        .where("type", "=", "message.created")
        .execute();
      assert.equal(
        announced.filter((event) => event.data.includes(String(uids[0]))).length,
        1,
        "a repeat announces nothing",
      );
    });

    /**
     * A first message, then `change` (which may stop what it posted through); then a repeat is
     * answered with the first message, and a new message with `repeatWith` is refused on `field`.
     */
    async function repeatAfter(
      change: (session: JsonObject) => Promise<void>,
      repeatWith: JsonObject,
      field: string,
    ): Promise<void> {
      const session = await newSession();
      const body = incoming(session);
      const first = await post(body);
      assert.equal(first.status, 201, JSON.stringify(first.body));
      await change(session);
      const repeat = await post({ ...body, ...repeatWith });
      assert.equal(repeat.status, 200, JSON.stringify(repeat.body));
      assert.equal(repeat.body.data.message.uid, first.body.data.message.uid);
      const fresh = await post({ ...incoming(session), ...repeatWith });
      assert.equal(fresh.status, 422, JSON.stringify(fresh.body));
      assert.equal(fresh.body.errors[0].field, field);
      assert.equal(await threadLength(session.external_uid), 1);
    }

    const setStatus = async (path: string, status: "active" | "inactive") => {
      const answer = await appApi.put(path, { status });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
    };

    it("answers a repeat whose input no longer passes with the first message, and refuses new ones", async () => {
      const badInput = { created_at: "not a time", contact: { first_name: "Ann", email: "ann@" } };
      await repeatAfter(async () => undefined, badInput, "contact.email");
    });

    it("answers a repeat after its session was deactivated, and refuses a new message there", async () => {
      await repeatAfter(
        (session) => setStatus(`/business/communication/sessions/${session.uid}`, "inactive"),
        {},
        "external_uid",
      );
    });

    it("answers a repeat after its channel was deactivated, and refuses a new message there", async () => {
      const channelPath = `/business/communication/channels/${channel.uid}`;
      try {
        await repeatAfter(() => setStatus(channelPath, "inactive"), {}, "channel_uid");
      } finally {
        await setStatus(channelPath, "active");
      }
    });
  });
}
