import type { Kysely } from "kysely";
import { newUid } from "../clock.js";
import { AppError, notFound } from "../errors.js";
import type { SetCommand, WriteContext } from "../events/writer.js";
import type { Attachment } from "../presenters/message.js";
import { isUniqueViolation } from "../storage/constraint-errors.js";
import { capabilitiesOf } from "../storage/dialects/capabilities.js";
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
import { storeWithActiveSessions } from "./incoming-with-sessions.js";
import {
  findByAppMessageUid,
  findStoredMessage,
  findStoredMessages,
  type MessageView,
  type NewMessageRow,
  storeNewMessages,
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

/** SQLite: the sessions of many (channel, external_uid) pairs, by `sessionKey`, each read alone. */
async function sessionsByExternalUid(
  db: Kysely<Database>,
  pairs: ReadonlyArray<{ channelUid: string; externalUid: string }>,
): Promise<Map<string, SessionRow>> {
  const sessions = new Map<string, SessionRow>();
  for (const pair of pairs) {
    const session = await sessionByExternalUid.first(db, pair);
    if (session) sessions.set(sessionKey(session.channel_uid, session.external_uid), session);
  }
  return sessions;
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

/** What a message's row takes from its session. */
type SessionColumns = Pick<SessionRow, "uid" | "client_uid" | "matter_uid">;

/**
 * Stands for the session in a row whose session PostgreSQL's set insert finds and fills in itself.
 * (Every row is built by `incomingRow`, in one shape: building rows by spreading a partial one
 * raised ingest's peak memory on SQLite by a tenth.)
 */
const FOUND_BY_THE_INSERT: SessionColumns = { uid: "", client_uid: "", matter_uid: "" };

function incomingRow(context: WriteContext, write: IncomingWrite, session: SessionColumns): NewMessageRow {
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
function announceIncoming(context: WriteContext, write: IncomingWrite, stored: MessageRow): IncomingResult {
  touchConversation(context, stored.client_uid, stored.matter_uid);
  context.emit({
    type: "message.created",
    message: stored,
    channelName: write.channel.display_name,
    appCodeName: write.app.code_name,
  });
  return { view: { message: stored, externalUid: write.input.external_uid }, created: true };
}

/** A repeat: answered with the message stored first under its message_uid, and nothing written. */
const repeatOf = (input: IncomingMessageInput, stored: MessageRow): IncomingResult => ({
  view: { message: stored, externalUid: input.external_uid },
  created: false,
});

/**
 * A message_uid another transaction stored while this write ran (PostgreSQL's insert waited for it).
 * Thrown only after the write opened or reopened a session, which must not stay: the command is
 * rolled back, and ingestMessage answers with the message that won.
 */
class StoredMeanwhile extends Error {}

const sessionKey = (channelUid: string, externalUid: string) => `${channelUid} ${externalUid}`;

/**
 * Stores incoming messages, once per (channel, message_uid). Concurrent requests' messages are
 * written together when their sessions are active, the common case (on PostgreSQL, sessions and
 * rows in one statement); the insert leaves out a message_uid stored already. The others (a repeat,
 * a session to open or reopen) are written one by one after them, each checked for a repeat before
 * its session is touched.
 */
const storeIncoming: SetCommand<IncomingWrite, IncomingResult> = {
  async one(context, write) {
    const earlier = await findStoredMessage(context.db, write.channel.uid, write.input.message_uid);
    if (earlier) return repeatOf(write.input, earlier);
    const session = await sessionForIncoming(
      context,
      write.channel,
      write.app.open_channel === 1,
      write.input,
    );
    const [stored] = await storeNewMessages(context.db, [incomingRow(context, write, session)]);
    if (!stored) throw new StoredMeanwhile();
    return announceIncoming(context, write, stored);
  },
  async many(context, writes) {
    const results = capabilitiesOf(context.db).statementsAreLocal
      ? await writeEachWithItsSession(context, writes)
      : await writeWithActiveSessions(context, writes);
    for (const write of writes) if (!results.has(write)) results.set(write, await this.one(context, write));
    return writes.map((write) => results.get(write) as IncomingResult);
  },
};

/**
 * PostgreSQL: the run's messages joined to their active sessions and inserted in one statement.
 * Of those it leaves out, the repeats are found in one more statement (an app retrying after an
 * outage sends many); the others (no active session) are answered by `one`.
 */
async function writeWithActiveSessions(
  context: WriteContext,
  writes: readonly IncomingWrite[],
): Promise<Map<IncomingWrite, IncomingResult>> {
  const messages = writes.map((write) => ({
    row: incomingRow(context, write, FOUND_BY_THE_INSERT),
    externalUid: write.input.external_uid,
  }));
  const stored = await storeWithActiveSessions(context.db, messages);
  const results = new Map<IncomingWrite, IncomingResult>();
  for (const [index, write] of writes.entries()) {
    const message = stored.get(messages[index]?.row.uid ?? "");
    if (message) results.set(write, announceIncoming(context, write, message));
  }
  const leftOut = writes.filter((write) => !results.has(write));
  if (leftOut.length === 0) return results;
  const earlier = await findStoredMessages(
    context.db,
    leftOut.map((write) => ({ channelUid: write.channel.uid, messageUid: write.input.message_uid })),
  );
  for (const write of leftOut) {
    const repeated = earlier.find(
      (row) => row.channel_uid === write.channel.uid && row.message_uid === write.input.message_uid,
    );
    if (repeated) results.set(write, repeatOf(write.input, repeated));
  }
  return results;
}

/**
 * SQLite, where a statement costs no round trip: each message's session read, and its row inserted,
 * alone. Those without an active session are answered by `one`.
 */
async function writeEachWithItsSession(
  context: WriteContext,
  writes: readonly IncomingWrite[],
): Promise<Map<IncomingWrite, IncomingResult>> {
  const sessions = await sessionsByExternalUid(
    context.db,
    writes.map((write) => ({ channelUid: write.channel.uid, externalUid: write.input.external_uid })),
  );
  const ready = writes.flatMap((write) => {
    const session = sessions.get(sessionKey(write.channel.uid, write.input.external_uid));
    return session?.status === "active" ? [{ write, row: incomingRow(context, write, session) }] : [];
  });
  const stored = await storeNewMessages(
    context.db,
    ready.map((entry) => entry.row),
  );
  const results = new Map<IncomingWrite, IncomingResult>();
  for (const [index, { write }] of ready.entries()) {
    const message = stored[index];
    results.set(
      write,
      message ? announceIncoming(context, write, message) : await storedRepeat(context, write),
    );
  }
  return results;
}

/** A message the insert left out: its message_uid was stored before, in this write or an earlier one. */
async function storedRepeat(context: WriteContext, write: IncomingWrite): Promise<IncomingResult> {
  const earlier = await findStoredMessage(context.db, write.channel.uid, write.input.message_uid);
  if (!earlier) throw new Error("a message the insert left out as stored already was not found");
  return repeatOf(write.input, earlier);
}

/** The checks a new message must pass before its write; a repeat is answered whatever they say. */
async function checkedWrite(
  domain: Domain,
  channel: ChannelRow,
  input: IncomingMessageInput,
): Promise<IncomingWrite> {
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
  return { channel, app, input, createdAt };
}

/**
 * `POST /messages` from the app: idempotent on (channel, message_uid). A repeat is answered with the
 * first message, 200, even when the channel, its session or the input would no longer pass. The
 * write itself finds repeats (see storeIncoming), so the common case reads nothing before it.
 */
export async function ingestMessage(
  domain: Domain,
  scope: AppScope,
  input: IncomingMessageInput,
): Promise<IncomingResult> {
  const channel = await channelForApp(domain.db, scope, input.channel_uid);
  let write: IncomingWrite;
  try {
    write = await checkedWrite(domain, channel, input);
  } catch (error) {
    const earlier = await findByAppMessageUid(domain.db, channel.uid, input.message_uid);
    if (!earlier) throw error;
    return repeatOf(input, earlier);
  }
  try {
    return await domain.writer.runSet(storeIncoming, write);
  } catch (error) {
    // The same message_uid raced in from a retry, in another write: answer with the one that won.
    if (!(error instanceof StoredMeanwhile) && !isUniqueViolation(error)) throw error;
    const winner = await findByAppMessageUid(domain.db, channel.uid, input.message_uid);
    if (!winner) throw error;
    return repeatOf(input, winner);
  }
}
