import type { Conversation, ConversationUpdate, ThreadMessage } from "@tandem/contract";
import { isNewer, isUnreadIncoming } from "../thread/thread-merge.ts";

/** The later of two ISO 8601 UTC timestamps (they sort as text). */
const later = (a: string, b: string) => (a > b ? a : b);

const byLatestActivity = (a: Conversation, b: Conversation) =>
  a.updated_at === b.updated_at ? 0 : a.updated_at > b.updated_at ? -1 : 1;

/** A message seen live: it may become the row's last message and change its unread count. */
export function withMessage(
  conversation: Conversation,
  message: ThreadMessage,
  created: boolean,
): Conversation {
  const last = conversation.last_message;
  const isLast =
    !last || (last.uid === message.uid ? isNewer(message, last) : message.created_at >= last.created_at);
  let unread = conversation.unread_count;
  if (message.direction === "client_to_business") {
    if (created && isUnreadIncoming(message)) unread += 1;
    if (!created && message.status === "read") unread = Math.max(0, unread - 1);
  }
  if (!isLast && unread === conversation.unread_count) return conversation;
  return {
    ...conversation,
    unread_count: unread,
    ...(isLast
      ? {
          last_message: message,
          updated_at: later(message.created_at, conversation.updated_at),
        }
      : {}),
  };
}

/** Applies a change to one row and keeps the list ordered by latest activity. */
export function replaceRow(
  rows: Conversation[],
  clientUid: string,
  change: (row: Conversation) => Conversation,
): Conversation[] | null {
  const index = rows.findIndex((row) => row.client_uid === clientUid);
  const row = rows[index];
  if (!row) return null;
  const changed = change(row);
  if (changed === row) return rows;
  const next = [...rows];
  next[index] = changed;
  return changed.updated_at === row.updated_at ? next : next.sort(byLatestActivity);
}

export const withClient = (conversation: Conversation, update: ConversationUpdate): Conversation => ({
  ...conversation,
  client: update.client,
  updated_at:
    update.updated_at && update.updated_at > conversation.updated_at
      ? update.updated_at
      : conversation.updated_at,
});
