import type { SelectQueryBuilder } from "kysely";
import type { Database, MessageRow } from "../storage/schema.js";

export type MessageQuery = SelectQueryBuilder<Database, "messages", MessageRow>;

/**
 * One page of messages, newest first, strictly before `cursor` (a message's time and insertion
 * order, so messages sharing a timestamp never repeat or vanish between pages).
 */
export async function newestFirst(
  query: MessageQuery,
  cursor: Pick<MessageRow, "created_at" | "seq"> | null,
  limit: number,
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const bounded = cursor
    ? query.where((eb) =>
        eb.or([
          eb("created_at", "<", cursor.created_at),
          eb.and([eb("created_at", "=", cursor.created_at), eb("seq", "<", cursor.seq)]),
        ]),
      )
    : query;
  const rows = await bounded
    .orderBy("created_at", "desc")
    .orderBy("seq", "desc")
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}
