import type { Kysely, Migration } from "kysely";

// Migrations run against the database as it was then, not against today's types.
type AnyDb = Kysely<unknown>;

/**
 * Why each attempt failed, as one of a few fixed reasons (the delivery log and the metric read it),
 * and where a delivery's current run of the retry schedule began: a delivery sent again by hand
 * keeps counting its attempts (3 after 1 and 2) while its schedule starts over.
 */
export const attemptReasons: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("delivery_attempts").addColumn("reason", "text").execute();
    await db.schema.alterTable("deliveries").addColumn("last_reason", "text").execute();
    await db.schema
      .alterTable("deliveries")
      .addColumn("schedule_from", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
