import { type Kysely, sql } from "kysely";
import { rowsOfArrays } from "../../storage/dialects/array-parameters.js";
import { prepare } from "../../storage/prepared.js";
import type { Database, MessageRow } from "../../storage/schema.js";
import { MESSAGE_COLUMNS, type NewMessageRow } from "../message-rows.js";

/** A new incoming message before its session is found: its row's session columns are not set. */
export interface UnplacedMessage {
  row: NewMessageRow;
  /** The app's id of the contact: with the channel, it names the session. */
  externalUid: string;
}

/** The columns the statement takes from the message; the session's three it takes from the session. */
type UnplacedMessageFields = Omit<NewMessageRow, "session_uid" | "client_uid" | "matter_uid">;

const FROM_THE_SESSION = new Set(["session_uid", "client_uid", "matter_uid"]);
const FIELD_COLUMNS = MESSAGE_COLUMNS.filter(
  (column): column is keyof UnplacedMessageFields => !FROM_THE_SESSION.has(column),
);

/** The statement's input, column by column; external_uid finds each message's session. */
const INPUT_COLUMNS = [...FIELD_COLUMNS, "external_uid"] as const;

/** One message of the input as the statement reads it. */
type InputRow = UnplacedMessageFields & { external_uid: string };

type InputColumns = { [Column in keyof UnplacedMessageFields]: Array<UnplacedMessageFields[Column]> } & {
  external_uid: string[];
};

/**
 * PostgreSQL only (array parameters): each message joined to its active session and inserted, in
 * one statement and in the order given (the plan takes each row's `seq` above the sort, so the
 * `order by` numbers them; a join may reorder rows). A message with no active session, or whose
 * (channel, message_uid) is stored already, is left out.
 */
const insertWithActiveSessions = prepare<InputColumns>()((db, value) =>
  db
    .insertInto("messages")
    .columns(MESSAGE_COLUMNS)
    .expression(
      db
        .selectFrom(
          rowsOfArrays<InputRow, "input">(
            INPUT_COLUMNS,
            INPUT_COLUMNS.map((column) => value(column)),
            "input",
          ),
        )
        .innerJoin("sessions as session", (join) =>
          join
            .onRef("session.channel_uid", "=", "input.channel_uid")
            .onRef("session.external_uid", "=", "input.external_uid")
            .on("session.status", "=", sql.lit("active")),
        )
        // In MESSAGE_COLUMNS's order, which the insert's columns follow.
        .select([
          "input.uid",
          "input.business_uid",
          "input.channel_uid",
          "session.uid as session_uid",
          "session.client_uid",
          "session.matter_uid",
          "input.message_uid",
          "input.direction",
          "input.body",
          "input.attachments",
          "input.status",
          "input.error",
          "input.sender",
          "input.created_at",
          "input.updated_at",
        ])
        .orderBy("input.position"),
    )
    .onConflict((conflict) => conflict.columns(["channel_uid", "message_uid"]).doNothing())
    .returning(["uid", "seq", "session_uid", "client_uid", "matter_uid"]),
);

/**
 * Stores the messages whose session is active and whose message_uid is new, and answers them by
 * uid: the session's look-up and the insert in one round trip, where they were two.
 */
export async function storeWithActiveSessions(
  db: Kysely<Database>,
  messages: readonly UnplacedMessage[],
): Promise<Map<string, MessageRow>> {
  const columns = Object.fromEntries(
    FIELD_COLUMNS.map((column) => [column, messages.map((message) => message.row[column])]),
  ) as Omit<InputColumns, "external_uid">;
  const inserted = await insertWithActiveSessions.all(db, {
    ...columns,
    external_uid: messages.map((message) => message.externalUid),
  });
  const rowsByUid = new Map(messages.map((message) => [message.row.uid, message.row]));
  const stored = new Map<string, MessageRow>();
  for (const placed of inserted) {
    const row = rowsByUid.get(placed.uid);
    if (!row) throw new Error("the messages insert returned a row it was not given");
    stored.set(placed.uid, { ...row, ...placed });
  }
  return stored;
}
