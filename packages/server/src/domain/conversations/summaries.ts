import type { Kysely } from "kysely";
import type { ClientRow, Database, MessageRow } from "../../storage/schema.js";
import { type ThreadEntry, threadEntries } from "./thread-entries.js";

/** A client's conversation as the inbox lists it. */
export interface ConversationSummary {
  client: ClientRow;
  lastMessage: ThreadEntry | null;
  unreadCount: number;
}

/** The clients' conversations: each with its last message and its count of unread incoming ones. */
export async function summarize(db: Kysely<Database>, clients: ClientRow[]): Promise<ConversationSummary[]> {
  const uids = clients.map((client) => client.uid);
  const unread = uids.length
    ? await db
        .selectFrom("messages")
        .select(["client_uid", (eb) => eb.fn.countAll<number>().as("count")])
        .where("client_uid", "in", uids)
        .where("direction", "=", "client_to_business")
        .where("status", "in", ["pending", "received"])
        .groupBy("client_uid")
        .execute()
    : [];
  const unreadBy = new Map(unread.map((row) => [row.client_uid, Number(row.count)]));
  const lastMessages = await Promise.all(clients.map((client) => lastMessage(db, client.uid)));
  const entries = await threadEntries(
    db,
    lastMessages.filter((message) => message !== undefined),
  );
  const entryBy = new Map(entries.map((entry) => [entry.message.client_uid, entry]));
  return clients.map((client) => ({
    client,
    lastMessage: entryBy.get(client.uid) ?? null,
    unreadCount: unreadBy.get(client.uid) ?? 0,
  }));
}

function lastMessage(db: Kysely<Database>, clientUid: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom("messages")
    .selectAll()
    .where("client_uid", "=", clientUid)
    .orderBy("created_at", "desc")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}
