import { messageStatusCall } from "../../events/app-webhooks.js";
import type { WriteContext } from "../../events/writer.js";
import type { MessageRow } from "../../storage/schema.js";
import { channelBadges } from "./thread-entries.js";

/**
 * Moves incoming messages forward (→ received on display, → read when read) and tells their apps.
 * Answers the messages it moved, by uid.
 */
export async function advanceIncoming(
  context: WriteContext,
  messages: MessageRow[],
  status: "received" | "read",
): Promise<Map<string, MessageRow>> {
  const movable = messages.filter(
    (message) =>
      message.direction === "client_to_business" &&
      (message.status === "pending" || (status === "read" && message.status === "received")),
  );
  if (movable.length === 0) return new Map();
  const badges = await channelBadges(
    context.db,
    movable.map((message) => message.channel_uid),
  );
  const sessions = await context.db
    .selectFrom("sessions")
    .innerJoin("channels", "channels.uid", "sessions.channel_uid")
    .select(["sessions.uid", "sessions.external_uid", "channels.app_id"])
    .where("sessions.uid", "in", [...new Set(movable.map((message) => message.session_uid))])
    .execute();
  const sessionBy = new Map(sessions.map((session) => [session.uid, session]));
  const updated = new Map<string, MessageRow>();
  for (const message of movable) {
    // Conditional update: two windows displaying the same message announce it once.
    const result = await context.db
      .updateTable("messages")
      .set({ status, updated_at: context.now })
      .where("uid", "=", message.uid)
      .where("status", "=", message.status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) continue;
    const next = { ...message, status, updated_at: context.now };
    updated.set(message.uid, next);
    const session = sessionBy.get(message.session_uid);
    const badge = badges.get(message.channel_uid);
    context.emit({
      type: "message.updated",
      message: next,
      channelName: badge?.display_name ?? "",
      appCodeName: badge?.app_code_name ?? "",
      webhook: session ? messageStatusCall(next, session.app_id) : undefined,
    });
  }
  return updated;
}
