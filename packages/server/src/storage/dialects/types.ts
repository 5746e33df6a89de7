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
  /**
   * Holds a lock on each key until the transaction ends, taken in sorted order, so transactions that
   * write under the same key (a conversation's deliveries) commit in the order they wrote: a
   * delivery's `seq` then never becomes visible after a later one of its key. Nothing to do where
   * writers are serialized anyway.
   */
  lockKeys(db: Kysely<Database>, keys: readonly string[]): Promise<void>;
  /** Prepares the database before migrations (pragmas, schemas). */
  prepare(db: Kysely<Database>): Promise<void>;
  /** How one process tells every process (itself included) that rows of a topic were committed. */
  createNotifier(db: Kysely<Database>, options: NotifierOptions): ChangeNotifier;
}

export interface NotifierOptions {
  /** What changed, e.g. `tandem_page_events`; one notifier per topic. */
  topic: string;
  /** Told when the notifier loses its connection; it reconnects by itself. */
  onError(error: unknown): void;
}

/**
 * A wake-up call, not a message bus: listeners learn only that something changed and read the rows
 * themselves, so a notification that is lost or doubled costs a read, never an event.
 */
export interface ChangeNotifier {
  onChange(listener: () => void): void;
  /** Called after a commit; resolves once other processes can hear of it. */
  notify(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}
