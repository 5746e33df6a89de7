import { type Kysely, type Migration, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * The pending index carries each row's app beside `seq`. A general claim walks pending rows in
 * `seq` order past those of apps with no free slot: with ten subscriptions' deliveries queued
 * behind a busy integration, it read every waiting row from the table (its body with it) only to
 * reject it, milliseconds a claim. Now the index alone rejects it. Only the app is added: the
 * rows a claim keeps are few, and a wider entry cost every insert (bench/FINDINGS.md).
 */
export const pendingIndexWithApp: Migration = {
  async up(db: AnyDb) {
    await db.schema.dropIndex("deliveries_pending").execute();
    await db.schema
      .createIndex("deliveries_pending")
      .on("deliveries")
      .columns(["seq", "app_id"])
      .where(sql.ref("status"), "=", "pending")
      .execute();
  },
};
