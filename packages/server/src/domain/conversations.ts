import type { ChannelBadge, Conversation, UnavailableReason } from "@tandem/contract";
import type { Kysely } from "kysely";
import type { PrincipalOf } from "../auth/principal.js";
import { newUid } from "../clock.js";
import { AppError, notFound } from "../errors.js";
import { messageStatusCall, messageToSendCall, staffTypingCall } from "../events/app-webhooks.js";
import type { WriteContext } from "../events/writer.js";
import { presentClient } from "../presenters/client.js";
import { type Attachment, type MessageError, presentThreadMessage } from "../presenters/message.js";
import { prepare } from "../storage/prepared.js";
import type { ClientRow, Database, MessageRow } from "../storage/schema.js";
import { findClient } from "./clients.js";
import type { Domain } from "./context.js";
import { touchConversation } from "./conversation-activity.js";
import { newestFirst } from "./message-pages.js";
import { storeMessage } from "./message-rows.js";
import type { TypingThrottle } from "./typing.js";

type Staff = PrincipalOf<"staff">;

export type { UnavailableReason };

/** The page's inbox: clients by latest activity, with their last message and unread count. */
export async function inbox(
  domain: Domain,
  staff: Staff,
  options: { search?: string | undefined; page: number; perPage: number },
) {
  let clients = domain.db.selectFrom("clients").where("business_uid", "=", staff.businessUid);
  const term = options.search
    ?.trim()
    .toLowerCase()
    .replace(/[%_\\]/g, "");
  if (term) {
    const like = `%${term}%`;
    const digits = term.replace(/[^\d]/g, "");
    clients = clients.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["first_name"]), "like", like),
        eb(eb.fn("lower", ["last_name"]), "like", like),
        eb("email", "like", like),
        ...(digits.length >= 3 ? [eb("phone", "like", `%${digits}%`)] : []),
      ]),
    );
  } else {
    clients = clients.where("last_activity_at", "is not", null);
  }
  const [rows, total] = await Promise.all([
    clients
      .selectAll()
      .orderBy("last_activity_at", "desc")
      .orderBy("uid")
      .limit(options.perPage)
      .offset((options.page - 1) * options.perPage)
      .execute(),
    clients.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return { conversations: await summarize(domain, rows), total: Number(total.count) };
}

/** One conversation as the inbox lists it, for a thread opened by link before the inbox shows it. */
export async function conversationOf(domain: Domain, staff: Staff, clientUid: string) {
  const [conversation] = await summarize(domain, [await findClient(domain.db, staff.businessUid, clientUid)]);
  if (!conversation) throw notFound("client", "client_uid");
  return conversation;
}

/** Inbox entries for these clients: each with its last message and unread count. */
async function summarize(domain: Domain, rows: ClientRow[]): Promise<Conversation[]> {
  const uids = rows.map((row) => row.uid);
  const unread = uids.length
    ? await domain.db
        .selectFrom("messages")
        .select(["client_uid", (eb) => eb.fn.countAll<number>().as("count")])
        .where("client_uid", "in", uids)
        .where("direction", "=", "client_to_business")
        .where("status", "in", ["pending", "received"])
        .groupBy("client_uid")
        .execute()
    : [];
  const unreadBy = new Map(unread.map((row) => [row.client_uid, Number(row.count)]));
  return Promise.all(
    rows.map(async (client) => ({
      client_uid: client.uid,
      client: presentClient(client),
      last_message: await lastMessage(domain, client.uid),
      unread_count: unreadBy.get(client.uid) ?? 0,
      updated_at: client.last_activity_at ?? client.created_at,
    })),
  );
}

async function badges(db: Kysely<Database>, channelUids: string[]): Promise<Map<string, ChannelBadge>> {
  if (channelUids.length === 0) return new Map();
  const rows = await db
    .selectFrom("channels")
    .innerJoin("apps", "apps.id", "channels.app_id")
    .select(["channels.uid", "channels.display_name", "apps.code_name"])
    .where("channels.uid", "in", [...new Set(channelUids)])
    .execute();
  return new Map(
    rows.map((row) => [
      row.uid,
      { uid: row.uid, display_name: row.display_name, app_code_name: row.code_name },
    ]),
  );
}

async function presentThread(domain: Domain, messages: MessageRow[]) {
  const byChannel = await badges(
    domain.db,
    messages.map((message) => message.channel_uid),
  );
  return messages.map((message) =>
    presentThreadMessage(
      message,
      byChannel.get(message.channel_uid) ?? { uid: message.channel_uid, display_name: "", app_code_name: "" },
    ),
  );
}

async function lastMessage(domain: Domain, clientUid: string) {
  const message = await domain.db
    .selectFrom("messages")
    .selectAll()
    .where("client_uid", "=", clientUid)
    .orderBy("created_at", "desc")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return message ? ((await presentThread(domain, [message]))[0] ?? null) : null;
}

/** Moves incoming messages forward (→ received on display, → read when read) and tells their apps. */
async function advanceIncoming(context: WriteContext, messages: MessageRow[], status: "received" | "read") {
  const movable = messages.filter(
    (message) =>
      message.direction === "client_to_business" &&
      (message.status === "pending" || (status === "read" && message.status === "received")),
  );
  if (movable.length === 0) return new Map<string, MessageRow>();
  const byChannel = await badges(
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
    const badge = byChannel.get(message.channel_uid);
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

/** The thread, newest first; fetching it counts as displaying its incoming messages (→ received). */
export async function thread(
  domain: Domain,
  staff: Staff,
  clientUid: string,
  options: { before?: string | undefined; limit: number },
) {
  await findClient(domain.db, staff.businessUid, clientUid);
  const query = domain.db
    .selectFrom("messages")
    .selectAll()
    .where("client_uid", "=", clientUid)
    .where("business_uid", "=", staff.businessUid);
  let cursor: { created_at: string; seq: number } | null = null;
  if (options.before) {
    cursor =
      (await domain.db
        .selectFrom("messages")
        .select(["created_at", "seq"])
        .where("uid", "=", options.before)
        .where("client_uid", "=", clientUid)
        .executeTakeFirst()) ?? null;
    if (!cursor) throw notFound("message", "before");
  }
  const { rows: page, hasMore } = await newestFirst(query, cursor, options.limit);
  const pending = page.filter(
    (message) => message.direction === "client_to_business" && message.status === "pending",
  );
  const displayed = pending.length
    ? await domain.writer.run((context) => advanceIncoming(context, pending, "received"))
    : new Map();
  const messages = page.map((message) => displayed.get(message.uid) ?? message);
  return { messages: await presentThread(domain, messages), has_more: hasMore };
}

/** Staff have the thread open and visible: its incoming messages become `read`. */
export async function markRead(domain: Domain, staff: Staff, clientUid: string) {
  await findClient(domain.db, staff.businessUid, clientUid);
  const unread = await domain.db
    .selectFrom("messages")
    .selectAll()
    .where("client_uid", "=", clientUid)
    .where("business_uid", "=", staff.businessUid)
    .where("direction", "=", "client_to_business")
    .where("status", "in", ["pending", "received"])
    .execute();
  if (unread.length === 0) return { read: 0 };
  const updated = await domain.writer.run((context) => advanceIncoming(context, unread, "read"));
  return { read: updated.size };
}

interface DropdownEntry {
  channel_uid: string;
  display_name: string;
  app_code_name: string;
  session_uid: string | null;
  available: boolean;
  reason: UnavailableReason | null;
}

const channelsOfBusiness = prepare<{ businessUid: string }>()((db, value) =>
  db
    .selectFrom("channels")
    .innerJoin("apps", "apps.id", "channels.app_id")
    .leftJoin("installations", (join) =>
      join
        .onRef("installations.app_id", "=", "channels.app_id")
        .onRef("installations.business_uid", "=", "channels.business_uid"),
    )
    .select([
      "channels.uid",
      "channels.display_name",
      "channels.status",
      "channels.created_at",
      "apps.code_name",
      "apps.unreachable",
      "installations.app_id as installed",
    ])
    .where("channels.business_uid", "=", value("businessUid"))
    .where("channels.status", "!=", "deleted")
    .orderBy("channels.created_at"),
);

const sessionsOfClient = prepare<{ clientUid: string }>()((db, value) =>
  db
    .selectFrom("sessions")
    .select(["uid", "channel_uid", "status"])
    .where("client_uid", "=", value("clientUid")),
);

const sessionToSendThrough = prepare<{ sessionUid: string }>()((db, value) =>
  db
    .selectFrom("sessions")
    .innerJoin("channels", "channels.uid", "sessions.channel_uid")
    .select([
      "sessions.uid",
      "sessions.external_uid",
      "sessions.matter_uid",
      "sessions.channel_uid",
      "channels.app_id",
    ])
    .where("sessions.uid", "=", value("sessionUid")),
);

/** The composer's dropdown: every channel of the business, reachable ones first, the rest with the reason. */
export async function channelChoices(
  domain: Domain,
  staff: Staff,
  clientUid: string,
): Promise<DropdownEntry[]> {
  await findClient(domain.db, staff.businessUid, clientUid);
  const channels = await channelsOfBusiness.all(domain.db, { businessUid: staff.businessUid });
  const sessions = await sessionsOfClient.all(domain.db, { clientUid });
  const sessionBy = new Map(sessions.map((session) => [session.channel_uid, session]));
  const entries = channels.map((channel): DropdownEntry => {
    const session = sessionBy.get(channel.uid);
    const reason: UnavailableReason | null = !channel.installed
      ? "app_uninstalled"
      : channel.status !== "active"
        ? "channel_inactive"
        : channel.unreachable
          ? "app_unreachable"
          : session?.status !== "active"
            ? "no_active_session"
            : null;
    return {
      channel_uid: channel.uid,
      display_name: channel.display_name,
      app_code_name: channel.code_name,
      session_uid: session?.uid ?? null,
      available: reason === null,
      reason,
    };
  });
  return [...entries.filter((entry) => entry.available), ...entries.filter((entry) => !entry.available)];
}

/** Staff send through a chosen channel: a pending message, and `POST {api_uri}/messages` to its app. */
export async function sendAsStaff(
  domain: Domain,
  staff: Staff,
  throttle: TypingThrottle,
  clientUid: string,
  input: { channel_uid: string; message: string; attachments?: Attachment[] },
) {
  const choices = await channelChoices(domain, staff, clientUid);
  const choice = choices.find((entry) => entry.channel_uid === input.channel_uid);
  if (!choice) throw notFound("channel", "channel_uid");
  if (!choice.available || !choice.session_uid) {
    throw new AppError({
      code: "invalid",
      field: "channel_uid",
      message: `the channel cannot reach this client now (${choice.reason})`,
    });
  }
  const sessionUid = choice.session_uid;
  const stopTyping = throttle.wasTyping(sessionUid) && throttle.admit(sessionUid, false);
  return domain.writer.run(async (context) => {
    const session = await sessionToSendThrough.first(context.db, { sessionUid });
    if (!session) throw notFound("session", "channel_uid");
    if (stopTyping) {
      context.emit({
        type: "typing",
        businessUid: staff.businessUid,
        clientUid,
        sessionUid,
        channelUid: session.channel_uid,
        typing: false,
        by: { kind: "staff", staffUid: staff.staffUid, displayName: staff.displayName },
        webhook: staffTypingCall(session, staff.businessUid, session.app_id, false),
      });
    }
    const uid = newUid();
    const message = await storeMessage(context.db, {
      uid,
      business_uid: staff.businessUid,
      channel_uid: session.channel_uid,
      session_uid: session.uid,
      client_uid: clientUid,
      matter_uid: session.matter_uid,
      message_uid: uid,
      direction: "business_to_client" as const,
      body: input.message,
      attachments: JSON.stringify(input.attachments ?? []),
      status: "pending" as const,
      error: null,
      sender: JSON.stringify({ kind: "staff", staff_uid: staff.staffUid, display_name: staff.displayName }),
      created_at: context.now,
      updated_at: context.now,
    });
    context.emit({
      type: "message.created",
      message,
      channelName: choice.display_name,
      appCodeName: choice.app_code_name,
      webhook: messageToSendCall(message, session.app_id, session.external_uid),
    });
    touchConversation(context, clientUid, session.matter_uid);
    return presentThreadMessage(message, {
      uid: choice.channel_uid,
      display_name: choice.display_name,
      app_code_name: choice.app_code_name,
    });
  });
}

/** A failed message the app called retryable goes out again, as a new delivery. */
export async function retryMessage(domain: Domain, staff: Staff, messageUid: string) {
  const message = await domain.db
    .selectFrom("messages")
    .selectAll()
    .where("uid", "=", messageUid)
    .where("business_uid", "=", staff.businessUid)
    .executeTakeFirst();
  if (!message) throw notFound("message", "uid");
  const error = message.error ? (JSON.parse(message.error) as MessageError) : null;
  if (message.direction !== "business_to_client" || message.status !== "error" || !error?.retryable) {
    throw new AppError({
      code: "invalid",
      field: "uid",
      message: "only a failed message that the app marked retryable can be retried",
    });
  }
  const [badge] = (await badges(domain.db, [message.channel_uid])).values();
  return domain.writer.run(async (context) => {
    const session = await context.db
      .selectFrom("sessions")
      .innerJoin("channels", "channels.uid", "sessions.channel_uid")
      .select(["sessions.external_uid", "channels.app_id"])
      .where("sessions.uid", "=", message.session_uid)
      .executeTakeFirstOrThrow();
    const result = await context.db
      .updateTable("messages")
      .set({ status: "pending", error: null, updated_at: context.now })
      .where("uid", "=", message.uid)
      .where("status", "=", "error")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new AppError({ code: "conflict", message: "the message is being retried already" });
    const next: MessageRow = { ...message, status: "pending", error: null, updated_at: context.now };
    context.emit({
      type: "message.updated",
      message: next,
      channelName: badge?.display_name ?? "",
      appCodeName: badge?.app_code_name ?? "",
      // A retry by staff: the app gets the message again, as a new delivery.
      webhook: messageToSendCall(next, session.app_id, session.external_uid),
    });
    return presentThreadMessage(
      next,
      badge ?? { uid: message.channel_uid, display_name: "", app_code_name: "" },
    );
  });
}
