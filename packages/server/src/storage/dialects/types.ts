import type { ColumnDefinitionBuilder, Dialect, Kysely } from "kysely";
import type { Database } from "../schema.js";

/** What differs between the databases Tandem runs on; shared code asks these flags, never the name. */
export interface StorageDialect {
  name: "sqlite" | "postgres";
  createKyselyDialect(): Dialect;
  /** Column type and modifiers for an auto-incrementing integer primary key. */
  autoIncrementType: "integer" | "bigserial";
  autoIncrement(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** `FOR UPDATE SKIP LOCKED` exists (several workers can claim rows side by side). */
  supportsSkipLocked: boolean;
  /** Only one writer at a time: transactions are serialized by the driver. */
  singleWriter: boolean;
  /** The PostgreSQL schema Tandem's tables live in, when not the default. */
  schema?: string;
  /** Prepares the database before migrations (pragmas, schemas). */
  prepare(db: Kysely<Database>): Promise<void>;
}
