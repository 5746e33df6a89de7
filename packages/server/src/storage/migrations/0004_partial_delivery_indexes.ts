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
    await sql`create index deliveries_pending on deliveries (seq) where status = 'pending'`.execute(db);
    await sql`create index deliveries_leased on deliveries (lease_until) where status = 'delivering'`.execute(
      db,
    );
    await sql`create index deliveries_perishable on deliveries (expires_at) where status = 'pending' and expires_at is not null`.execute(
      db,
    );
    await db.schema.dropIndex("deliveries_ready").execute();
    await db.schema.dropIndex("deliveries_expiring").execute();
  },
};
