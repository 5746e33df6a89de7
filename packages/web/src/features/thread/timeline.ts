import type { ThreadMessage } from "@tandem/contract";
import { daysAgo } from "../../ui/format.ts";

export type TimelineItem =
  | { kind: "day"; key: string; at: string }
  | { kind: "message"; key: string; message: ThreadMessage; startsGroup: boolean };

// Messages from the same side within this long read as one group under one name.
const GROUP_GAP_MS = 5 * 60_000;

const author = (message: ThreadMessage) =>
  message.direction === "client_to_business"
    ? "client"
    : `${message.sender?.kind ?? "business"}:${message.sender?.staff_uid ?? ""}`;

/** The thread as drawn: a divider at each new day, a name above each run of one author's messages. */
export function buildTimeline(messages: ThreadMessage[], now = new Date()): TimelineItem[] {
  const items: TimelineItem[] = [];
  let previous: ThreadMessage | undefined;
  for (const message of messages) {
    const at = new Date(message.created_at);
    const newDay = !previous || daysAgo(new Date(previous.created_at), now) !== daysAgo(at, now);
    if (newDay) items.push({ kind: "day", key: `day-${message.created_at}`, at: message.created_at });
    const startsGroup =
      newDay ||
      !previous ||
      author(previous) !== author(message) ||
      at.getTime() - new Date(previous.created_at).getTime() > GROUP_GAP_MS;
    items.push({ kind: "message", key: message.uid, message, startsGroup });
    previous = message;
  }
  return items;
}
