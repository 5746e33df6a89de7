import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Client, JsonObject } from "@tandem/test-support";
import {
  clientWithSession,
  DIALECTS,
  eventually,
  readyConversation,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SPEC §6 "in order per conversation": a failing event holds back its session's later events, and only those. */
for (const dialect of DIALECTS) {
  describe(`delivery order on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let appApi: Client;
    let staff: Client;
    let channel: JsonObject;
    const people: Array<{ clientUid: string; sessionUid: string }> = [];

    before(async () => {
      await receiver.start();
      // Retries every 0.3 s for a good while: the failing event stays "being retried".
      server = await startServer({
        dialect,
        env: { TANDEM_WEBHOOK_RETRY_SCHEDULE: Array(30).fill("0.3").join(",") },
      });
      const conversation = await readyConversation(server, { receiver });
      ({ appApi, staff, channel } = conversation);
      for (const { client, session } of [conversation, await clientWithSession(server, conversation)]) {
        people.push({ clientUid: client.uid, sessionUid: session.uid });
      }
    });

    after(async () => {
      await server?.close();
      await receiver.close();
    });

    const send = async (clientUid: string, text: string) => {
      const sent = await staff.post(`/api/conversations/${clientUid}/messages`, {
        channel_uid: channel.uid,
        message: text,
      });
      assert.equal(sent.status, 201);
      return sent.body.data.message.uid as string;
    };

    it("holds a session's later events behind a failing one while other sessions flow", async () => {
      const [blocked, flowing] = people as [(typeof people)[0], (typeof people)[0]];
      let failBlocked = true;
      receiver.answerWith((hook) =>
        failBlocked && hook.body?.session_uid === blocked.sessionUid ? { status: 500 } : { status: 204 },
      );

      const a1 = await send(blocked.clientUid, "a1");
      const a2 = await send(blocked.clientUid, "a2");
      const a3 = await send(blocked.clientUid, "a3");
      const b1 = await send(flowing.clientUid, "b1");
      const b2 = await send(flowing.clientUid, "b2");
      await eventually(
        async () => [b1, b2].every((uid) => receiver.received.some((hook) => hook.body?.message_uid === uid)),
        5_000,
        "the other session's messages",
      );
      await eventually(
        async () => receiver.matching((hook) => hook.body?.message_uid === a1).length >= 3,
        5_000,
        "a1 being retried",
      );
      assert.equal(
        receiver.matching((hook) => hook.body?.message_uid === a2 || hook.body?.message_uid === a3).length,
        0,
        "a2 and a3 wait behind a1",
      );

      // Typing on the blocked session is not queued behind the failure.
      const typing = await staff.post(`/api/conversations/${blocked.clientUid}/typing`, {
        channel_uid: channel.uid,
        typing: true,
      });
      assert.equal(typing.status, 200);
      await receiver.waitFor((hook) => hook.path === `/${blocked.sessionUid}/typing`, 3_000);

      failBlocked = false;
      await eventually(
        async () => [a2, a3].every((uid) => receiver.received.some((hook) => hook.body?.message_uid === uid)),
        5_000,
        "the held messages",
      );
      const order = receiver.received
        .filter((hook) => [a1, a2, a3].includes(hook.body?.message_uid) && hook.body?.session_uid)
        .map((hook) => hook.body.message_uid);
      const firstSeen = [...new Set(order)];
      assert.deepEqual(firstSeen, [a1, a2, a3]);
      const lastA1 = order.lastIndexOf(a1);
      assert.ok(order.indexOf(a2) > lastA1, "a2 only after a1 succeeded");
    });

    it("drops a typing event that failed instead of retrying it", async () => {
      // The second person has not typed yet, so this is the only typing event of the test.
      const [, person] = people as [(typeof people)[0], (typeof people)[0]];
      const typingHooks = () => receiver.matching((hook) => hook.path === `/${person.sessionUid}/typing`);
      receiver.answerWith((hook) => (hook.path.endsWith("/typing") ? { status: 503 } : { status: 204 }));
      const sent = await staff.post(`/api/conversations/${person.clientUid}/typing`, {
        channel_uid: channel.uid,
        typing: true,
      });
      assert.equal(sent.status, 200);
      await eventually(async () => typingHooks().length > 0, 5_000, "the typing attempt");
      await sleep(1_000);
      assert.equal(typingHooks().length, 1, "one attempt, no retry");
      receiver.answerWith(() => ({ status: 204 }));
    });

    it("keeps a channel's status changes in order through failures", async () => {
      let failures = 2;
      receiver.answerWith((hook) =>
        hook.path === `/channels/${channel.uid}` && failures-- > 0 ? { status: 500 } : { status: 204 },
      );
      const start = receiver.received.length;
      await appApi.put(`/business/communication/channels/${channel.uid}`, { status: "inactive" });
      await appApi.put(`/business/communication/channels/${channel.uid}`, { status: "active" });
      await eventually(
        async () =>
          receiver.received
            .slice(start)
            .filter((hook) => hook.path === `/channels/${channel.uid}` && hook.body.status === "active")
            .length > 0,
        5_000,
        "the re-activation",
      );
      const statuses = receiver.received
        .slice(start)
        .filter((hook) => hook.path === `/channels/${channel.uid}`)
        .map((hook) => hook.body.status);
      assert.deepEqual([...new Set(statuses)], ["inactive", "active"], `arrivals: ${statuses.join(", ")}`);
      assert.equal(statuses.at(-1), "active");
      receiver.answerWith(() => ({ status: 204 }));
    });
  });
}
