import type { MessageStatus, ThreadMessage } from "@tandem/contract";

// `error` and `unavailable` end an outgoing message's way at the same step as `sent`.
const STATUS_RANK: Record<MessageStatus, number> = {
  pending: 0,
  sent: 1,
  error: 1,
  unavailable: 1,
  received: 2,
  read: 3,
};

/** Two copies of one message (REST page, live event, send answer): the later change wins. */
export function isNewer(candidate: ThreadMessage, current: ThreadMessage): boolean {
  if (candidate.updated_at !== current.updated_at) return candidate.updated_at > current.updated_at;
  return STATUS_RANK[candidate.status] > STATUS_RANK[current.status];
}

/**
 * Merges messages into a thread kept oldest first (as it is drawn), deduplicated by uid. Messages
 * with the same time keep their arrival order, as the server's own sequence does.
 */
export function upsertMessages(thread: ThreadMessage[], incoming: ThreadMessage[]): ThreadMessage[] {
  if (incoming.length === 0) return thread;
  const index = new Map(thread.map((message, position) => [message.uid, position]));
  let next = thread;
  const added: ThreadMessage[] = [];
  for (const message of incoming) {
    const position = index.get(message.uid);
    if (position === undefined) {
      index.set(message.uid, -1);
      added.push(message);
      continue;
    }
    if (position === -1) {
      const duplicate = added.findIndex((entry) => entry.uid === message.uid);
      const existing = added[duplicate];
      if (existing && isNewer(message, existing)) added[duplicate] = message;
      continue;
    }
    const current = next[position];
    if (current && current !== message && isNewer(message, current)) {
      if (next === thread) next = [...thread];
      next[position] = message;
    }
  }
  if (added.length === 0) return next;
  const merged = [...next];
  for (const message of added) {
    let at = merged.length;
    while (at > 0 && (merged[at - 1]?.created_at ?? "") > message.created_at) at -= 1;
    merged.splice(at, 0, message);
  }
  return merged;
}

export const isUnreadIncoming = (message: ThreadMessage) =>
  message.direction === "client_to_business" &&
  (message.status === "pending" || message.status === "received");
