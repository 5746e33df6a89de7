import { type Kysely, type Migration, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * The unfinished deliveries of one ordering key, in `seq` order, and nothing else: finished rows
 * (nearly all of them, in time) leave the index, and the next delivery of a conversation is its
 * first entry, with no sort. Queries name the statuses as literals, which both databases need to
 * see that a partial index applies.
 */
export const openDeliveries: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createIndex("deliveries_open")
      .on("deliveries")
      .columns(["ordering_key", "seq"])
      .where(sql.ref("status"), "in", ["pending", "delivering"])
      .execute();
    await db.schema.dropIndex("deliveries_open_by_key").execute();
  },
};
