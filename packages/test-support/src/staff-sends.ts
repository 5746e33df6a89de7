import assert from "node:assert/strict";
import { eventually } from "./fixtures.js";
import { call } from "./http.js";
import type { WebhookReceiver } from "./receiver.js";

/** A staff message the server answered 201 for: Tandem owes the app its webhook. */
export interface Acknowledged {
  messageUid: string;
  clientUid: string;
  at: number;
}

/** One staff send; null when it was not acknowledged (the process died, or answered otherwise). */
export async function staffSend(
  url: string,
  staffToken: string,
  channelUid: string,
  clientUid: string,
  text: string,
): Promise<Acknowledged | null> {
  try {
    const sent = await call(
      url,
      "POST",
      `/api/conversations/${clientUid}/messages`,
      { channel_uid: channelUid, message: text },
      { token: staffToken },
    );
    if (sent.status !== 201) return null;
    return { messageUid: sent.body.data.message.uid, clientUid, at: Date.now() };
  } catch {
    return null;
  }
}

/**
 * Waits until every acknowledged message has reached the app, then checks that each came under
 * one webhook-id only (a repeat is a retry of the same event) with a valid signature. Answers how
 * many webhooks were repeats.
 */
export async function assertAllDelivered(
  receiver: WebhookReceiver,
  acknowledged: Acknowledged[],
  timeoutMs: number,
): Promise<{ repeats: number }> {
  const idsByMessage = () => {
    const ids = new Map<string, string[]>();
    for (const hook of receiver.received) {
      const uid = hook.body?.message_uid;
      if (typeof uid === "string") ids.set(uid, [...(ids.get(uid) ?? []), hook.webhookId]);
    }
    return ids;
  };
  await eventually(
    async () => {
      const ids = idsByMessage();
      return acknowledged.every((sent) => ids.has(sent.messageUid));
    },
    timeoutMs,
    `all ${acknowledged.length} acknowledged messages delivered`,
  );
  let repeats = 0;
  for (const [uid, webhookIds] of idsByMessage()) {
    assert.equal(new Set(webhookIds).size, 1, `message ${uid} came under one webhook-id: ${webhookIds}`);
    repeats += webhookIds.length - 1;
  }
  const invalid = receiver.received.filter((hook) => !hook.signatureValid);
  assert.equal(invalid.length, 0, "every webhook verifies with the app's webhook secret");
  return { repeats };
}
