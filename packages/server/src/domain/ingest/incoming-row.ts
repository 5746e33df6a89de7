import { newUid } from "../../clock.js";
import type { WriteContext } from "../../events/writer.js";
import type { MessageRow, SessionRow } from "../../storage/schema.js";
import { touchConversation } from "../conversation-activity.js";
import type { NewMessageRow } from "../message-rows.js";
import type { IncomingResult, IncomingWrite } from "./incoming.js";

/** What a message's row takes from its session. */
export type SessionColumns = Pick<SessionRow, "uid" | "client_uid" | "matter_uid">;

/**
 * Stands for the session in a row whose session PostgreSQL's set insert finds and fills in itself.
 * (Every row is built by `incomingRow`, in one shape: building rows by spreading a partial one
 * raised ingest's peak memory on SQLite by a tenth.)
 */
export const FOUND_BY_THE_INSERT: SessionColumns = { uid: "", client_uid: "", matter_uid: "" };

export function incomingRow(
  context: WriteContext,
  write: IncomingWrite,
  session: SessionColumns,
): NewMessageRow {
  const direction = write.input.direction ?? "client_to_business";
  return {
    uid: newUid(),
    business_uid: write.channel.business_uid,
    channel_uid: write.channel.uid,
    session_uid: session.uid,
    client_uid: session.client_uid,
    matter_uid: session.matter_uid,
    message_uid: write.input.message_uid,
    direction,
    body: write.input.message,
    attachments: JSON.stringify(write.input.attachments ?? []),
    // Sent from the app itself: it already went out on the network.
    status: direction === "business_to_client" ? "sent" : "pending",
    error: null,
    sender: JSON.stringify({ kind: direction === "business_to_client" ? "business" : "client" }),
    created_at: write.createdAt ?? context.now,
    updated_at: context.now,
  };
}

/** After the message's row: its conversation moves up, and the page and the app hear of it. */
export function announceIncoming(
  context: WriteContext,
  write: IncomingWrite,
  stored: MessageRow,
): IncomingResult {
  touchConversation(context, stored.client_uid, stored.matter_uid);
  context.emit({
    type: "message.created",
    message: stored,
    channelName: write.channel.display_name,
    appCodeName: write.app.code_name,
  });
  return { view: { message: stored, externalUid: write.input.external_uid }, created: true };
}
