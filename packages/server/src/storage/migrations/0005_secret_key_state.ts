import type { Kysely, Migration } from "kysely";

// Migrations run against the database as it was then, not against today's types.
type AnyDb = Kysely<unknown>;

/**
 * One row: the check value of the key that seals the database's secrets, and, while a rotation
 * re-encrypts them, that of the key some of them are still sealed with. Processes whose keys do
 * not cover both refuse to start (auth/secret-key-state.ts). Never a key itself.
 */
export const secretKeyState: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("secret_key_state")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("sealing", "text", (c) => c.notNull())
      .addColumn("draining", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
  },
};
