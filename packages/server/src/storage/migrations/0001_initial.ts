import type { Kysely, Migration } from "kysely";
import type { StorageDialect } from "../dialects/types.js";

// Migrations run against the database as it was then, not against today's types.
type AnyDb = Kysely<unknown>;

export function initialSchema(dialect: StorageDialect): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable("apps")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("code_name", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("app_type", "text", (c) => c.notNull())
        .addColumn("redirect_uri", "text", (c) => c.notNull())
        .addColumn("api_uri", "text")
        .addColumn("trusted", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("url_params", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("scopes", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("app_layer", "text")
        .addColumn("open_channel", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("client_id", "text", (c) => c.notNull().unique())
        .addColumn("client_secret_hash", "text", (c) => c.notNull())
        .addColumn("client_secret_version", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("webhook_secret_enc", "text", (c) => c.notNull())
        .addColumn("previous_webhook_secret_enc", "text")
        .addColumn("previous_webhook_secret_until", "text")
        .addColumn("failing_since", "text")
        .addColumn("unreachable", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("last_success_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("deleted_at", "text")
        .execute();

      await db.schema
        .createTable("businesses")
        .addColumn("uid", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("staff")
        .addColumn("uid", "text", (c) => c.primaryKey())
        .addColumn("business_uid", "text", (c) => c.notNull().references("businesses.uid"))
        .addColumn("email", "text", (c) => c.notNull().unique())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("staff_by_business").on("staff").columns(["business_uid"]).execute();

      await db.schema
        .createTable("staff_sessions")
        .addColumn("id_hash", "text", (c) => c.primaryKey())
        .addColumn("staff_uid", "text", (c) => c.notNull().references("staff.uid"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("installations")
        .addColumn("business_uid", "text", (c) => c.notNull().references("businesses.uid"))
        .addColumn("app_id", "text", (c) => c.notNull().references("apps.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("installations_pk", ["business_uid", "app_id"])
        .execute();

      await db.schema
        .createTable("api_tokens")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("app_id", "text")
        .addColumn("business_uid", "text")
        .addColumn("staff_uid", "text")
        .addColumn("scopes", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("clients")
        .addColumn("uid", "text", (c) => c.primaryKey())
        .addColumn("business_uid", "text", (c) => c.notNull().references("businesses.uid"))
        .addColumn("first_name", "text", (c) => c.notNull())
        .addColumn("last_name", "text")
        .addColumn("email", "text")
        .addColumn("phone", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_activity_at", "text")
        .execute();
      await db.schema
        .createIndex("clients_by_activity")
        .on("clients")
        .columns(["business_uid", "last_activity_at"])
        .execute();
      await db.schema
        .createIndex("clients_by_email")
        .on("clients")
        .columns(["business_uid", "email"])
        .execute();
      await db.schema
        .createIndex("clients_by_phone")
        .on("clients")
        .columns(["business_uid", "phone"])
        .execute();

      await db.schema
        .createTable("matters")
        .addColumn("uid", "text", (c) => c.primaryKey())
        .addColumn("business_uid", "text", (c) => c.notNull())
        .addColumn("client_uid", "text", (c) => c.notNull().references("clients.uid"))
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_activity_at", "text")
        .execute();
      await db.schema.createIndex("matters_by_client").on("matters").columns(["client_uid"]).execute();

      await db.schema
        .createTable("channels")
        .addColumn("uid", "text", (c) => c.primaryKey())
        .addColumn("business_uid", "text", (c) => c.notNull().references("businesses.uid"))
        .addColumn("app_id", "text", (c) => c.notNull().references("apps.id"))
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("metadata", "text", (c) => c.notNull().defaultTo("{}"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("channels_by_business")
        .on("channels")
        .columns(["business_uid", "status"])
        .execute();
      await db.schema.createIndex("channels_by_app").on("channels").columns(["app_id"]).execute();

      await db.schema
        .createTable("sessions")
        .addColumn("uid", "text", (c) => c.primaryKey())
        .addColumn("business_uid", "text", (c) => c.notNull())
        .addColumn("channel_uid", "text", (c) => c.notNull().references("channels.uid"))
        .addColumn("client_uid", "text", (c) => c.notNull().references("clients.uid"))
        .addColumn("matter_uid", "text", (c) => c.notNull().references("matters.uid"))
        .addColumn("external_uid", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("sessions_one_per_client", ["channel_uid", "client_uid"])
        .addUniqueConstraint("sessions_one_per_external", ["channel_uid", "external_uid"])
        .execute();
      await db.schema.createIndex("sessions_by_client").on("sessions").columns(["client_uid"]).execute();

      await db.schema
        .createTable("messages")
        .addColumn("seq", dialect.autoIncrementType, (c) => dialect.autoIncrement(c))
        .addColumn("uid", "text", (c) => c.notNull().unique())
        .addColumn("business_uid", "text", (c) => c.notNull())
        .addColumn("channel_uid", "text", (c) => c.notNull())
        .addColumn("session_uid", "text", (c) => c.notNull())
        .addColumn("client_uid", "text", (c) => c.notNull())
        .addColumn("matter_uid", "text", (c) => c.notNull())
        .addColumn("message_uid", "text", (c) => c.notNull())
        .addColumn("direction", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("attachments", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("error", "text")
        .addColumn("sender", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("messages_idempotent", ["channel_uid", "message_uid"])
        .execute();
      await db.schema
        .createIndex("messages_thread")
        .on("messages")
        .columns(["client_uid", "created_at", "seq"])
        .execute();
      await db.schema
        .createIndex("messages_by_session")
        .on("messages")
        .columns(["session_uid", "created_at", "seq"])
        .execute();
      await db.schema
        .createIndex("messages_unread")
        .on("messages")
        .columns(["client_uid", "direction", "status"])
        .execute();

      await db.schema
        .createTable("deliveries")
        .addColumn("seq", dialect.autoIncrementType, (c) => dialect.autoIncrement(c))
        .addColumn("uid", "text", (c) => c.notNull().unique())
        .addColumn("app_id", "text", (c) => c.notNull())
        .addColumn("business_uid", "text", (c) => c.notNull())
        .addColumn("event", "text", (c) => c.notNull())
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("path", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("ordering_key", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempt_count", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "text", (c) => c.notNull())
        .addColumn("lease_until", "text")
        .addColumn("leased_by", "text")
        .addColumn("last_status_code", "integer")
        .addColumn("last_error", "text")
        .addColumn("expires_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("completed_at", "text")
        .execute();
      await db.schema
        .createIndex("deliveries_due")
        .on("deliveries")
        .columns(["status", "next_attempt_at"])
        .execute();
      await db.schema
        .createIndex("deliveries_ordered")
        .on("deliveries")
        .columns(["ordering_key", "seq"])
        .execute();
      await db.schema
        .createIndex("deliveries_by_app")
        .on("deliveries")
        .columns(["app_id", "created_at"])
        .execute();
      await db.schema
        .createIndex("deliveries_by_business")
        .on("deliveries")
        .columns(["business_uid", "created_at"])
        .execute();

      await db.schema
        .createTable("delivery_attempts")
        .addColumn("id", dialect.autoIncrementType, (c) => dialect.autoIncrement(c))
        .addColumn("delivery_uid", "text", (c) => c.notNull())
        .addColumn("attempt_number", "integer", (c) => c.notNull())
        .addColumn("started_at", "text", (c) => c.notNull())
        .addColumn("duration_ms", "integer", (c) => c.notNull())
        .addColumn("status_code", "integer")
        .addColumn("response_body", "text")
        .addColumn("error", "text")
        .execute();
      await db.schema
        .createIndex("attempts_by_delivery")
        .on("delivery_attempts")
        .columns(["delivery_uid"])
        .execute();

      await db.schema
        .createTable("page_events")
        .addColumn("id", dialect.autoIncrementType, (c) => dialect.autoIncrement(c))
        .addColumn("business_uid", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("page_events_by_business")
        .on("page_events")
        .columns(["business_uid", "id"])
        .execute();

      await db.schema
        .createTable("oauth_payloads")
        .addColumn("model", "text", (c) => c.notNull())
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("grant_id", "text")
        .addColumn("uid", "text")
        .addColumn("user_code", "text")
        .addColumn("expires_at", "text")
        .addColumn("consumed_at", "text")
        .addPrimaryKeyConstraint("oauth_payloads_pk", ["model", "id"])
        .execute();
      await db.schema.createIndex("oauth_by_grant").on("oauth_payloads").columns(["grant_id"]).execute();
      await db.schema.createIndex("oauth_by_uid").on("oauth_payloads").columns(["uid"]).execute();
    },
  };
}
