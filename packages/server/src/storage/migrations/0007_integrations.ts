import type { Kysely, Migration } from "kysely";

// Migrations run against the database as it was then, not against today's types.
type AnyDb = Kysely<unknown>;

/**
 * Business integrations (SPEC §10): clients' custom fields; sessions Tandem opened for a message to
 * a client's phone or email, until the app names its own id of the client; the businesses' message
 * templates; integrations' subscriptions, whose events are deliveries to a target URL of their own;
 * and the first answer to each idempotency key of an upsert.
 */
export const integrations: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable("clients")
      .addColumn("attributes", "text", (c) => c.notNull().defaultTo("{}"))
      .execute();
    await db.schema
      .alterTable("sessions")
      .addColumn("awaiting_app", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable("deliveries").addColumn("target_url", "text").execute();
    await db.schema.alterTable("deliveries").addColumn("subscription_uid", "text").execute();

    await db.schema
      .createTable("message_templates")
      .addColumn("uid", "text", (c) => c.primaryKey())
      .addColumn("business_uid", "text", (c) => c.notNull().references("businesses.uid"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addUniqueConstraint("message_templates_name", ["business_uid", "name"])
      .execute();

    await db.schema
      .createTable("subscriptions")
      .addColumn("uid", "text", (c) => c.primaryKey())
      .addColumn("business_uid", "text", (c) => c.notNull().references("businesses.uid"))
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id"))
      .addColumn("events", "text", (c) => c.notNull())
      .addColumn("target_url", "text", (c) => c.notNull())
      .addColumn("filter", "text", (c) => c.notNull().defaultTo("{}"))
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("subscriptions_by_business")
      .on("subscriptions")
      .columns(["business_uid", "status"])
      .execute();

    await db.schema
      .createTable("upsert_requests")
      .addColumn("app_id", "text", (c) => c.notNull())
      .addColumn("business_uid", "text", (c) => c.notNull())
      .addColumn("idempotency_key", "text", (c) => c.notNull())
      .addColumn("client_uid", "text", (c) => c.notNull())
      .addColumn("created", "integer", (c) => c.notNull())
      .addColumn("channel_uid", "text")
      .addColumn("message_uids", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("upsert_requests_pk", ["app_id", "business_uid", "idempotency_key"])
      .execute();
  },
};
