import type { Kysely } from "kysely";
import { BatchedLookup } from "../storage/batched-lookup.js";
import { pairIn } from "../storage/dialects/array-parameters.js";
import { prepare } from "../storage/prepared.js";
import type { Database, MessageRow } from "../storage/schema.js";

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

/** PostgreSQL only (array parameters): the messages concurrent requests name, in one statement. */
const amongAppMessageUids = prepare<{ channelUids: string[]; messageUids: string[] }>()((db, value) =>
  db
    .selectFrom("messages")
    .selectAll()
    .where(pairIn(["channel_uid", "message_uid"], value("channelUids"), value("messageUids"))),
);

const byAppMessageUidBatched = new BatchedLookup<{ channelUid: string; messageUid: string }, MessageRow>({
  one: (db, key) => byAppMessageUid.first(db, key),
  many: (db, keys) => findStoredMessages(db, keys),
  matches: (key, row) => row.channel_uid === key.channelUid && row.message_uid === key.messageUid,
});

export function findByAppMessageUid(db: Kysely<Database>, channelUid: string, messageUid: string) {
  return byAppMessageUidBatched.load(db, { channelUid, messageUid });
}

/** The same read without waiting for the turn's other callers: for a write's own transaction. */
export function findStoredMessage(db: Kysely<Database>, channelUid: string, messageUid: string) {
  return byAppMessageUid.first(db, { channelUid, messageUid });
}

/** PostgreSQL only: the stored messages of many (channel, message_uid) pairs, in one statement. */
export function findStoredMessages(
  db: Kysely<Database>,
  keys: ReadonlyArray<{ channelUid: string; messageUid: string }>,
): Promise<MessageRow[]> {
  return amongAppMessageUids.all(db, {
    channelUids: keys.map((key) => key.channelUid),
    messageUids: keys.map((key) => key.messageUid),
  });
}

export type NewMessageRow = Omit<MessageRow, "seq">;

/** A message row's columns, as an insert names them. */
export const MESSAGE_COLUMNS = [
  "uid",
  "business_uid",
  "channel_uid",
  "session_uid",
  "client_uid",
  "matter_uid",
  "message_uid",
  "direction",
  "body",
  "attachments",
  "status",
  "error",
  "sender",
  "created_at",
  "updated_at",
] as const satisfies ReadonlyArray<keyof NewMessageRow>;

/*
 * A message whose (channel, message_uid) is stored already is left as it is: the insert answers no
 * row for it. Ingest's idempotency rests on this, with no read before the write (on PostgreSQL that
 * read was a round trip on every request's way in).
 */
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
    .onConflict((conflict) => conflict.columns(["channel_uid", "message_uid"]).doNothing())
    .returning("seq"),
);

/**
 * Stores new messages in their order, each answered with the `seq` the database gave it, or with
 * `undefined` when a message of its (channel, message_uid) is stored already (by an earlier write,
 * or earlier in `rows`).
 */
export async function storeNewMessages(
  db: Kysely<Database>,
  rows: readonly NewMessageRow[],
): Promise<Array<MessageRow | undefined>> {
  const stored: Array<MessageRow | undefined> = [];
  for (const row of rows) {
    const inserted = await insertMessage.first(db, row);
    stored.push(inserted ? { ...row, seq: inserted.seq } : undefined);
  }
  return stored;
}

/** Stores a message whose message_uid is new by construction (a staff message's is its uid). */
export async function storeMessage(db: Kysely<Database>, row: NewMessageRow): Promise<MessageRow> {
  const [stored] = await storeNewMessages(db, [row]);
  if (!stored) throw new Error(`message_uid ${row.message_uid} is stored already on its channel`);
  return stored;
}
