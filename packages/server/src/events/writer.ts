import type { Kysely, Transaction } from "kysely";
import { nowIso } from "../clock.js";
import type { Database } from "../storage/schema.js";
import type { DomainEvent } from "./types.js";

/** What a command gets: the transaction, the time of the write, and a way to announce events. */
export interface WriteContext {
  db: Transaction<Database>;
  now: string;
  emit(event: DomainEvent): void;
}

/** Writes a consumer's own outbox rows for a batch of events, inside the same transaction. */
export interface EventRecorder {
  name: string;
  record(db: Transaction<Database>, events: readonly DomainEvent[], now: string): Promise<void>;
}

/** Told after the commit, so it can wake a worker or push to sockets; it must not write. */
export type CommitListener = (events: readonly DomainEvent[]) => void;

export type Command<T> = (context: WriteContext) => Promise<T>;

/**
 * The one write path: every command runs here, stores its rows and the events' outbox rows in one
 * transaction, and does nothing else. Keeping all writes behind `run` is what lets a later change
 * batch the commands of concurrent requests into one transaction (group commit).
 */
export class Writer {
  private readonly listeners: CommitListener[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly recorders: readonly EventRecorder[],
  ) {}

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  async run<T>(command: Command<T>): Promise<T> {
    const events: DomainEvent[] = [];
    const result = await this.db.transaction().execute(async (db) => {
      const now = nowIso();
      const value = await command({ db, now, emit: (event) => events.push(event) });
      if (events.length > 0) {
        for (const recorder of this.recorders) await recorder.record(db, events, now);
      }
      return value;
    });
    if (events.length > 0) for (const listener of this.listeners) listener(events);
    return result;
  }
}
