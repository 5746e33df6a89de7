import { type Kysely, type Migration, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Delivery indexes that hold only the rows their queries look for. Finished deliveries (nearly all
 * rows, in time) sat in `deliveries_ready` and `deliveries_expiring` under their final status, and
 * every change of status moved a row's entries in both: each delivery rewrote index pages in the
 * commit that claimed it and in the one that finished it. Now a claimed delivery leaves the pending
 * index once, and only typing (which expires) is in the expiring one. Queries name the statuses as
 * literals, so both databases see that the partial indexes apply.
 */
export const partialDeliveryIndexes: Migration = {
  async up(db: AnyDb) {
    const index = (name: string) => db.schema.createIndex(name).on("deliveries");
    const status = sql.ref("status");
    await index("deliveries_pending").column("seq").where(status, "=", "pending").execute();
    await index("deliveries_leased").column("lease_until").where(status, "=", "delivering").execute();
    await index("deliveries_perishable")
      .column("expires_at")
      .where((eb) => eb.and([eb(status, "=", "pending"), eb("expires_at", "is not", null)]))
      .execute();
    await db.schema.dropIndex("deliveries_ready").execute();
    await db.schema.dropIndex("deliveries_expiring").execute();
  },
};
