import type { Kysely } from "kysely";
import { newUid } from "../clock.js";
import { AppError, notFound } from "../errors.js";
import type { SetCommand, WriteContext } from "../events/writer.js";
import type { Attachment } from "../presenters/message.js";
import { pairIn, statementsAreLocal } from "../storage/batched-lookup.js";
import { isUniqueViolation } from "../storage/constraint-errors.js";
import { prepare } from "../storage/prepared.js";
import type {
  AppRow,
  ChannelRow,
  Database,
  MessageDirection,
  MessageRow,
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
import {
  findByAppMessageUid,
  type MessageView,
  type NewMessageRow,
  storeMessage,
  storeMessages,
} from "./message-rows.js";
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

const sessionByExternalUid = prepare<{ channelUid: string; externalUid: string }>()((db, value) =>
  db
    .selectFrom("sessions")
    .selectAll()
    .where("channel_uid", "=", value("channelUid"))
    .where("external_uid", "=", value("externalUid")),
);

/** PostgreSQL only (array parameters): the sessions of many (channel, external_uid) pairs. */
const sessionsAmongExternalUids = prepare<{ channelUids: string[]; externalUids: string[] }>()((db, value) =>
  db
    .selectFrom("sessions")
    .selectAll()
    .where(pairIn(["channel_uid", "external_uid"], value("channelUids"), value("externalUids"))),
);

/** The sessions of many (channel, external_uid) pairs, by `sessionKey`. */
async function sessionsByExternalUid(
  db: Kysely<Database>,
  pairs: ReadonlyArray<{ channelUid: string; externalUid: string }>,
): Promise<Map<string, SessionRow>> {
  const rows: SessionRow[] = [];
  if (statementsAreLocal(db)) {
    for (const pair of pairs) {
      const session = await sessionByExternalUid.first(db, pair);
      if (session) rows.push(session);
    }
  } else {
    rows.push(
      ...(await sessionsAmongExternalUids.all(db, {
        channelUids: pairs.map((pair) => pair.channelUid),
        externalUids: pairs.map((pair) => pair.externalUid),
      })),
    );
  }
  return new Map(rows.map((session) => [sessionKey(session.channel_uid, session.external_uid), session]));
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
/** An incoming message that passed its checks, on its way into the write. */
interface IncomingWrite {
  channel: ChannelRow;
  app: AppRow;
  input: IncomingMessageInput;
  createdAt: string | null;
}

interface IncomingResult {
  view: MessageView;
  created: boolean;
}

function incomingRow(context: WriteContext, write: IncomingWrite, session: SessionRow): NewMessageRow {
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
function announceIncoming(
  context: WriteContext,
  write: IncomingWrite,
  session: SessionRow,
  stored: MessageRow,
): IncomingResult {
  touchConversation(context, session.client_uid, session.matter_uid);
  context.emit({
    type: "message.created",
    message: stored,
    appId: write.channel.app_id,
    externalUid: session.external_uid,
    channelName: write.channel.display_name,
    appCodeName: write.app.code_name,
    notifyApp: false,
  });
  return { view: { message: stored, externalUid: session.external_uid }, created: true };
}

const sessionKey = (channelUid: string, externalUid: string) => `${channelUid} ${externalUid}`;

/**
 * Stores incoming messages. Concurrent requests' messages are written together when their sessions
 * are active, the common case: their sessions in one statement and their rows in another. The
 * others (a session to open or reopen) are written one by one after them.
 */
const storeIncoming: SetCommand<IncomingWrite, IncomingResult> = {
  async one(context, write) {
    const session = await sessionForIncoming(
      context,
      write.channel,
      write.app.open_channel === 1,
      write.input,
    );
    return announceIncoming(
      context,
      write,
      session,
      await storeMessage(context.db, incomingRow(context, write, session)),
    );
  },
  async many(context, writes) {
    const sessions = await sessionsByExternalUid(
      context.db,
      writes.map((write) => ({ channelUid: write.channel.uid, externalUid: write.input.external_uid })),
    );
    const activeSessionOf = (write: IncomingWrite) => {
      const session = sessions.get(sessionKey(write.channel.uid, write.input.external_uid));
      return session?.status === "active" ? session : undefined;
    };
    const ready = writes.flatMap((write) => {
      const session = activeSessionOf(write);
      return session ? [{ write, session, row: incomingRow(context, write, session) }] : [];
    });
    const stored = await storeMessages(
      context.db,
      ready.map((entry) => entry.row),
    );
    const results = new Map<IncomingWrite, IncomingResult>();
    for (const [index, { write, session }] of ready.entries())
      results.set(write, announceIncoming(context, write, session, stored[index] as MessageRow));
    for (const write of writes) if (!results.has(write)) results.set(write, await this.one(context, write));
    return writes.map((write) => results.get(write) as IncomingResult);
  },
};

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
    return await domain.writer.runSet(storeIncoming, { channel, app, input, createdAt });
  } catch (error) {
    // The same message_uid raced in from a retry: answer with the one that won.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findByAppMessageUid(domain.db, channel.uid, input.message_uid);
    if (!winner) throw error;
    return { view: { message: winner, externalUid: input.external_uid }, created: false };
  }
}
