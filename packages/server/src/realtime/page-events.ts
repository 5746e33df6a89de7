import type { Kysely } from "kysely";
import type { Database } from "../storage/schema.js";
import { type FeedEvent, feedEvent, type PageEventRow } from "./feed-event.js";

/** Rows per read: enough to catch up quickly, few enough to keep one read short. */
export const READ_BATCH = 500;

export interface FeedBounds {
  oldest: number | null;
  newest: number | null;
}

export async function feedBounds(db: Kysely<Database>): Promise<FeedBounds> {
  const row = await db
    .selectFrom("page_events")
    .select((eb) => [
      eb.fn.min<number | null>("id").as("oldest"),
      eb.fn.max<number | null>("id").as("newest"),
    ])
    .executeTakeFirst();
  return { oldest: toId(row?.oldest), newest: toId(row?.newest) };
}

/** The next rows of every business after `position`, in id order. */
export function rowsAfter(db: Kysely<Database>, position: number): Promise<PageEventRow[]> {
  return db
    .selectFrom("page_events")
    .select(["id", "business_uid", "type", "data"])
    .where("id", ">", position)
    .orderBy("id")
    .limit(READ_BATCH)
    .execute();
}

/** One business's events with `after < id <= upTo`, in id order, read a batch at a time. */
export async function* businessEventsBetween(
  db: Kysely<Database>,
  businessUid: string,
  after: number,
  upTo: number,
): AsyncGenerator<FeedEvent> {
  let position = after;
  while (position < upTo) {
    const rows = await db
      .selectFrom("page_events")
      .select(["id", "business_uid", "type", "data"])
      .where("business_uid", "=", businessUid)
      .where("id", ">", position)
      .where("id", "<=", upTo)
      .orderBy("id")
      .limit(READ_BATCH)
      .execute();
    for (const row of rows) yield feedEvent(row);
    const last = rows.at(-1);
    if (!last || rows.length < READ_BATCH) return;
    position = last.id;
  }
}

// Aggregates come back as text from some drivers; ids always fit a JS number.
function toId(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
