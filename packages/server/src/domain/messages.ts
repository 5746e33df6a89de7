import type { Kysely } from "kysely";
import { newUid } from "../clock.js";
import { AppError, notFound } from "../errors.js";
import type { WriteContext } from "../events/writer.js";
import type { Attachment, MessageError } from "../presenters/message.js";
import { isUniqueViolation } from "../storage/constraint-errors.js";
import { prepare } from "../storage/prepared.js";
import type {
  ChannelRow,
  Database,
  MessageDirection,
  MessageRow,
  MessageStatus,
  SessionRow,
} from "../storage/schema.js";
import { type AppScope, channelForApp } from "./app-scope.js";
import {
  type ClientInput,
  latestMatter,
  resolveContact,
  upsertClientByContact,
  validateClientInput,
} from "./clients.js";
import type { Domain } from "./context.js";
import { touchConversation } from "./conversation-activity.js";
import { newestFirst } from "./message-pages.js";
import { parseInputTime } from "./message-time.js";
import { setSessionStatus } from "./session-status.js";
import { insertSession } from "./sessions.js";

export interface IncomingMessageInput {
  channel_uid: string;
  external_uid: string;
  message: string;
  message_uid: string;
  contact_uid?: string;
  direction?: MessageDirection;
  created_at?: string;
  attachments?: Attachment[];
  contact?: ClientInput;
}

export interface MessageView {
  message: MessageRow;
  externalUid: string;
}

const byAppMessageUid = prepare<{ channelUid: string; messageUid: string }>()((db, value) =>
  db
    .selectFrom("messages")
    .selectAll()
    .where("channel_uid", "=", value("channelUid"))
    .where("message_uid", "=", value("messageUid")),
);

function findByAppMessageUid(db: Kysely<Database>, channelUid: string, messageUid: string) {
  return byAppMessageUid.first(db, { channelUid, messageUid });
}

const sessionByExternalUid = prepare<{ channelUid: string; externalUid: string }>()((db, value) =>
  db
    .selectFrom("sessions")
    .selectAll()
    .where("channel_uid", "=", value("channelUid"))
    .where("external_uid", "=", value("externalUid")),
);

type NewMessageRow = Omit<MessageRow, "seq">;

const insertMessage = prepare<NewMessageRow>()((db, value) =>
  db
    .insertInto("messages")
    .values({
      uid: value("uid"),
      business_uid: value("business_uid"),
      channel_uid: value("channel_uid"),
      session_uid: value("session_uid"),
      client_uid: value("client_uid"),
      matter_uid: value("matter_uid"),
      message_uid: value("message_uid"),
      direction: value("direction"),
      body: value("body"),
      attachments: value("attachments"),
      status: value("status"),
      error: value("error"),
      sender: value("sender"),
      created_at: value("created_at"),
      updated_at: value("updated_at"),
    })
    .returning("seq"),
);

/** Stores a new message and answers it with the `seq` the database gave it. */
export async function storeMessage(db: Kysely<Database>, row: NewMessageRow): Promise<MessageRow> {
  const inserted = await insertMessage.first(db, row);
  if (!inserted) throw new Error("the message insert returned no row");
  return { ...row, seq: inserted.seq };
}

async function externalUidOf(db: Kysely<Database>, sessionUid: string): Promise<string> {
  const session = await db
    .selectFrom("sessions")
    .select("external_uid")
    .where("uid", "=", sessionUid)
    .executeTakeFirst();
  return session?.external_uid ?? "";
}

/** The session an incoming message belongs to; open channels open (or reopen) one by themselves. */
async function sessionForIncoming(
  context: WriteContext,
  channel: ChannelRow,
  openChannel: boolean,
  input: IncomingMessageInput,
): Promise<SessionRow> {
  const session = await sessionByExternalUid.first(context.db, {
    channelUid: channel.uid,
    externalUid: input.external_uid,
  });
  if (session?.status === "active") return session;
  if (!openChannel) {
    throw new AppError({
      code: "invalid",
      field: "external_uid",
      message: session
        ? `the session of this external_uid is ${session.status}, not active; activate it with PUT /sessions/${session.uid}`
        : "no session for this external_uid on the channel; open one with POST /sessions",
    });
  }
  if (session) return setSessionStatus(context, session, "active", channel.app_id, false);
  let contact: Awaited<ReturnType<typeof resolveContact>>;
  if (input.contact_uid) {
    contact = await resolveContact(context.db, channel.business_uid, input.contact_uid);
  } else if (input.contact) {
    const client = await upsertClientByContact(context, channel.business_uid, input.contact);
    contact = { client, matter: await latestMatter(context.db, client.uid) };
  } else {
    throw new AppError({
      code: "missing_field",
      field: "contact",
      message:
        "the first message from an unknown external_uid needs contact_uid or contact {first_name, phone, email}",
    });
  }
  const existing = await context.db
    .selectFrom("sessions")
    .select("uid")
    .where("channel_uid", "=", channel.uid)
    .where("client_uid", "=", contact.client.uid)
    .executeTakeFirst();
  if (existing) {
    throw new AppError({
      code: "already_exists",
      field: "external_uid",
      uid: existing.uid,
      message: `the client already has session ${existing.uid} on this channel under another external_uid`,
    });
  }
  return insertSession(context, channel, contact, input.external_uid, "active");
}

/** `POST /messages` from the app: idempotent on (channel, message_uid). */
export async function ingestMessage(domain: Domain, scope: AppScope, input: IncomingMessageInput) {
  const channel = await channelForApp(domain.db, scope, input.channel_uid);
  const existing = await findByAppMessageUid(domain.db, channel.uid, input.message_uid);
  if (existing) return { view: { message: existing, externalUid: input.external_uid }, created: false };
  if (channel.status !== "active") {
    throw new AppError({
      code: "invalid",
      field: "channel_uid",
      message: `the channel is ${channel.status}, not active`,
    });
  }
  if (input.contact) validateClientInput(input.contact, "contact.");
  const createdAt = parseInputTime(input.created_at);
  const app = await domain.apps.find(channel.app_id);
  if (!app) throw notFound("channel", "channel_uid");
  try {
    return await domain.writer.run(async (context) => {
      const session = await sessionForIncoming(context, channel, app.open_channel === 1, input);
      const direction = input.direction ?? "client_to_business";
      const stored = await storeMessage(context.db, {
        uid: newUid(),
        business_uid: channel.business_uid,
        channel_uid: channel.uid,
        session_uid: session.uid,
        client_uid: session.client_uid,
        matter_uid: session.matter_uid,
        message_uid: input.message_uid,
        direction,
        body: input.message,
        attachments: JSON.stringify(input.attachments ?? []),
        // Sent from the app itself: it already went out on the network.
        status: direction === "business_to_client" ? "sent" : "pending",
        error: null,
        sender: JSON.stringify({ kind: direction === "business_to_client" ? "business" : "client" }),
        created_at: createdAt ?? context.now,
        updated_at: context.now,
      });
      touchConversation(context, session.client_uid, session.matter_uid);
      context.emit({
        type: "message.created",
        message: stored,
        appId: channel.app_id,
        externalUid: session.external_uid,
        channelName: channel.display_name,
        appCodeName: app.code_name,
        notifyApp: false,
      });
      return { view: { message: stored, externalUid: session.external_uid }, created: true };
    });
  } catch (error) {
    // The same message_uid raced in from a retry: answer with the one that won.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findByAppMessageUid(domain.db, channel.uid, input.message_uid);
    if (!winner) throw error;
    return { view: { message: winner, externalUid: input.external_uid }, created: false };
  }
}

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
  input: { channel_uid: string; status: MessageStatus; error?: MessageError },
): Promise<MessageView & { applied: boolean }> {
  const channel = await channelForApp(domain.db, scope, input.channel_uid);
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
    const externalUid = await externalUidOf(context.db, current.session_uid);
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
      appId: channel.app_id,
      externalUid,
      channelName: channel.display_name,
      appCodeName: codeName,
      notifyApp: false,
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
  const channel = await channelForApp(domain.db, scope, query.channel_uid);
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
