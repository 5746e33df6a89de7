import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  call,
  DIALECTS,
  eventually,
  remoteConversations,
  remoteTenant,
  sharedSchema,
  WebhookReceiver,
} from "@tandem/test-support";

const SESSIONS = 8;
const MESSAGES_PER_SESSION = 8;

/**
 * SPEC §6/§9: several processes on one PostgreSQL database share the outbox. No event is attempted
 * by two at once, each session's events still arrive in order, and when one process dies the
 * other takes over its claimed events once their lease ends.
 */
describe("several processes sharing one outbox on postgres", { skip: !DIALECTS.includes("postgres") }, () => {
  const shared = sharedSchema("multi", {
    TANDEM_WEBHOOK_LEASE_MS: "1500",
    TANDEM_WEBHOOK_TIMEOUT_MS: "1000",
    TANDEM_WEBHOOK_RETRY_SCHEDULE: "0,0.2,0.5,1,1,1",
    TANDEM_WEBHOOK_CONCURRENCY: "4",
  });
  const { directoryToken } = shared;
  const receiver = new WebhookReceiver();

  after(() => receiver.close());

  it("delivers every event once at a time, in order per session, and survives losing a process", {
    timeout: 120_000,
  }, async () => {
    const open = new Map<string, number>();
    let overlaps = 0;
    let slow = false;
    await receiver.start();
    receiver.answerWith((hook) => {
      const count = (open.get(hook.webhookId) ?? 0) + 1;
      open.set(hook.webhookId, count);
      if (count > 1) overlaps++;
      const delayMs = slow ? 800 : 10 + Math.floor(Math.random() * 30);
      setTimeout(() => open.set(hook.webhookId, (open.get(hook.webhookId) ?? 1) - 1), delayMs);
      return { status: 204, delayMs };
    });

    const first = await shared.start();
    const second = await shared.start();
    const tenant = await remoteTenant(first.url, directoryToken, receiver, "Shared");
    const { app, staffToken } = tenant;
    const { channelUid, clientUids: clients } = await remoteConversations(
      second.url,
      directoryToken,
      receiver,
      tenant,
      SESSIONS,
    );

    // Staff write to every session through both processes, alternating, one message after another per session.
    const sentInOrder = new Map<string, string[]>();
    await Promise.all(
      clients.map(async (clientUid, index) => {
        for (let message = 0; message < MESSAGES_PER_SESSION; message++) {
          const url = (index + message) % 2 ? first.url : second.url;
          const sent = await call(
            url,
            "POST",
            `/api/conversations/${clientUid}/messages`,
            { channel_uid: channelUid, message: `m${message}` },
            { token: staffToken },
          );
          assert.equal(sent.status, 201);
          sentInOrder.set(clientUid, [...(sentInOrder.get(clientUid) ?? []), sent.body.data.message.uid]);
        }
      }),
    );
    const all = [...sentInOrder.values()].flat();
    await eventually(
      async () => all.every((uid) => receiver.received.some((hook) => hook.body?.message_uid === uid)),
      30_000,
      "every message delivered",
    );
    for (const uids of sentInOrder.values()) {
      const firstArrivals = uids.map((uid) =>
        receiver.received.findIndex((hook) => hook.body?.message_uid === uid),
      );
      assert.deepEqual(
        firstArrivals,
        [...firstArrivals].sort((a, b) => a - b),
        "each session's messages arrived in order",
      );
    }

    // Now the receiver is slow (within the attempt timeout), one process holds claims in flight, and it dies.
    slow = true;
    const inFlight: string[] = [];
    for (const clientUid of clients) {
      const sent = await call(
        first.url,
        "POST",
        `/api/conversations/${clientUid}/messages`,
        { channel_uid: channelUid, message: "last words" },
        { token: staffToken },
      );
      inFlight.push(sent.body.data.message.uid);
    }
    await eventually(
      async () => receiver.received.some((hook) => inFlight.includes(hook.body?.message_uid)),
      10_000,
      "attempts in flight",
    );
    await first.kill("SIGKILL");
    slow = false;
    await eventually(
      async () => {
        const done = await call(
          second.url,
          "GET",
          `/platform/v1/apps/${app.app_id}/deliveries?status=succeeded&per_page=100`,
          undefined,
          { token: directoryToken },
        );
        const succeeded = new Set(
          done.body.data.deliveries.map(
            (delivery: { payload: { message_uid?: string } }) => delivery.payload.message_uid,
          ),
        );
        return inFlight.every((uid) => succeeded.has(uid));
      },
      30_000,
      "the surviving process to finish the dead one's deliveries",
    );
    assert.equal(overlaps, 0, "no webhook-id was ever in flight twice at once");
    assert.ok(receiver.received.every((hook) => hook.signatureValid));
  });
});
