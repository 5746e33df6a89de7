import type { MessageError } from "@tandem/contract";
import { AppError, notFound } from "../errors.js";
import type { MessageRow, MessageStatus } from "../storage/schema.js";
import { type AppScope, channelForApp } from "./app-scope.js";
import type { Domain } from "./context.js";
import { newestFirst } from "./message-pages.js";
import { findByAppMessageUid, type MessageView } from "./message-rows.js";
import { addressSession } from "./session-status.js";

const PROGRESS: Record<MessageStatus, number> = {
  pending: 0,
  sent: 1,
  received: 2,
  read: 3,
  error: -1,
  unavailable: -1,
};

/** Forward only (pending → sent → received → read); error/unavailable only from pending or sent. */
export function canMove(from: MessageStatus, to: MessageStatus): boolean {
  if (from === to) return false;
  if (to === "error" || to === "unavailable") return from === "pending" || from === "sent";
  if (from === "error" || from === "unavailable") return false;
  return PROGRESS[to] > PROGRESS[from];
}

/**
 * `PUT /messages/{message_uid}`: the app reports what happened to a message the business sent.
 * A report that would move the status backwards is acknowledged and ignored: networks deliver
 * receipts out of order, and an app retrying a stale receipt must not see an error.
 */
export async function reportStatus(
  domain: Domain,
  scope: AppScope,
  messageUid: string,
  input: { channel_uid: string; status: MessageStatus; external_uid?: string; error?: MessageError },
): Promise<MessageView & { applied: boolean }> {
  const channel = await channelForApp(domain, scope, input.channel_uid);
  const message = await findByAppMessageUid(domain.db, channel.uid, messageUid);
  if (!message) throw notFound("message", "message_uid");
  if (message.direction !== "business_to_client") {
    throw new AppError({
      code: "invalid",
      field: "status",
      message: "status reports are for messages the business sends; Tandem reports incoming ones to the app",
    });
  }
  const codeName = await domain.apps.codeName(channel.app_id);
  return domain.writer.run(async (context) => {
    const current = await context.db
      .selectFrom("messages")
      .selectAll()
      .where("uid", "=", message.uid)
      .executeTakeFirstOrThrow();
    const session = await context.db
      .selectFrom("sessions")
      .selectAll()
      .where("uid", "=", current.session_uid)
      .executeTakeFirst();
    // The app's first report on a message sent by phone or email names its own id of the client.
    const externalUid = session
      ? (await addressSession(context, session, input.external_uid)).external_uid
      : "";
    if (!canMove(current.status, input.status)) return { message: current, externalUid, applied: false };
    const error =
      input.status === "error" || input.status === "unavailable" ? JSON.stringify(input.error ?? {}) : null;
    const updated: MessageRow = { ...current, status: input.status, error, updated_at: context.now };
    await context.db
      .updateTable("messages")
      .set({ status: input.status, error, updated_at: context.now })
      .where("uid", "=", current.uid)
      .execute();
    context.emit({
      type: "message.updated",
      message: updated,
      channelName: channel.display_name,
      appCodeName: codeName,
    });
    return { message: updated, externalUid, applied: true };
  });
}

export interface HistoryQuery {
  channel_uid: string;
  external_uid?: string | undefined;
  session_uid?: string | undefined;
  before?: string | undefined;
  limit: number;
}

/** `GET /messages`: one session's history for the app, newest first. */
export async function historyForApp(domain: Domain, scope: AppScope, query: HistoryQuery) {
  const channel = await channelForApp(domain, scope, query.channel_uid);
  if (!query.external_uid && !query.session_uid) {
    throw new AppError({
      code: "missing_field",
      field: "external_uid",
      message: "external_uid or session_uid is required",
    });
  }
  let sessionQuery = domain.db.selectFrom("sessions").selectAll().where("channel_uid", "=", channel.uid);
  if (query.session_uid) sessionQuery = sessionQuery.where("uid", "=", query.session_uid);
  if (query.external_uid) sessionQuery = sessionQuery.where("external_uid", "=", query.external_uid);
  const session = await sessionQuery.executeTakeFirst();
  if (!session) throw notFound("session", query.session_uid ? "session_uid" : "external_uid");
  const messages = domain.db.selectFrom("messages").selectAll().where("session_uid", "=", session.uid);
  let cursor: MessageRow | null = null;
  if (query.before) {
    // The app may name the cursor by its own message_uid or by Tandem's uid.
    cursor =
      (await findByAppMessageUid(domain.db, channel.uid, query.before)) ??
      (await domain.db
        .selectFrom("messages")
        .selectAll()
        .where("uid", "=", query.before)
        .where("session_uid", "=", session.uid)
        .executeTakeFirst()) ??
      null;
    if (!cursor) throw notFound("message", "before");
  }
  const page = await newestFirst(messages, cursor, query.limit);
  return { session, messages: page.rows, hasMore: page.hasMore };
}
