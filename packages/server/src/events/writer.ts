import { CompiledQuery, type ControlledTransaction, type Kysely, type Transaction } from "kysely";
import { nowIso } from "../clock.js";
import { isTransientConflict } from "../storage/constraint-errors.js";
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

interface Queued {
  command: Command<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown; events: DomainEvent[] } | { ok: false; error: unknown };

/**
 * Savepoint statements, compiled once per name: Kysely's savepoint API builds a transaction object
 * per call, two per command, which showed in the ingest profile.
 */
const savepoints = new Map<string, Record<"open" | "release" | "rollback", CompiledQuery>>();
function savepointStatements(name: string) {
  let statements = savepoints.get(name);
  if (!statements) {
    statements = {
      open: CompiledQuery.raw(`savepoint ${name}`),
      release: CompiledQuery.raw(`release savepoint ${name}`),
      rollback: CompiledQuery.raw(`rollback to savepoint ${name}`),
    };
    savepoints.set(name, statements);
  }
  return statements;
}

/** A write the database gave up on to break a deadlock is tried again this often. */
const MAX_CONFLICT_RETRIES = 5;

/** Commands one shared transaction takes at most; more wait for the next. */
const MAX_BATCH = 256;

/**
 * The one write path: every command runs here, stores its rows and the events' outbox rows in one
 * transaction, and does nothing else.
 *
 * With group commit on, the commands of concurrent requests share a transaction: while one batch
 * commits, the next gathers. Each command runs under its own savepoint, so one that fails is rolled
 * back alone and only its caller sees the error; the others are answered only after the commit.
 */
export class Writer {
  private readonly listeners: CommitListener[] = [];
  private readonly queue: Queued[] = [];
  private scheduled = false;
  private activeBatches = 0;

  /**
   * `batches`: shared transactions open at once. One on SQLite (it has a single writer anyway);
   * a few on PostgreSQL, so its connections keep working side by side while each batch grows.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly recorders: readonly EventRecorder[],
    private readonly groupCommit: { batches: number } | null = null,
  ) {}

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  run<T>(command: Command<T>): Promise<T> {
    if (!this.groupCommit) return this.runAlone(command);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ command, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Let the requests already parsed in this turn of the event loop join the same batch.
        setImmediate(() => {
          this.scheduled = false;
          this.startBatches();
        });
      }
    });
  }

  private async runAlone<T>(command: Command<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const events: DomainEvent[] = [];
      try {
        const result = await this.db.transaction().execute(async (db) => {
          const now = nowIso();
          const value = await command({ db, now, emit: (event) => events.push(event) });
          await this.record(db, events, now);
          return value;
        });
        this.announce(events);
        return result;
      } catch (error) {
        if (attempt >= MAX_CONFLICT_RETRIES || !isTransientConflict(error)) throw error;
      }
    }
  }

  private startBatches(): void {
    const limit = this.groupCommit?.batches ?? 1;
    while (this.queue.length > 0 && this.activeBatches < limit) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.activeBatches++;
      void this.runQueued(batch).finally(() => {
        this.activeBatches--;
        this.startBatches();
      });
    }
  }

  private async runQueued(batch: Queued[]): Promise<void> {
    const only = batch.length === 1 ? batch[0] : undefined;
    if (only) await this.runAlone(only.command).then(only.resolve, only.reject);
    else await this.runBatch(batch);
  }

  private async runBatch(batch: Queued[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      const trx = await this.db.startTransaction().execute();
      try {
        for (const [index, queued] of batch.entries())
          outcomes.push(await this.runUnderSavepoint(trx, `c${index}`, queued.command));
        const now = nowIso();
        await this.record(
          trx,
          outcomes.flatMap((outcome) => (outcome.ok ? outcome.events : [])),
          now,
        );
        await trx.commit().execute();
      } catch (error) {
        await trx
          .rollback()
          .execute()
          .catch(() => undefined);
        throw error;
      }
    } catch (error) {
      // The shared transaction itself failed: nothing of the batch was written.
      for (const queued of batch) queued.reject(error);
      return;
    }
    this.announce(outcomes.flatMap((outcome) => (outcome.ok ? outcome.events : [])));
    for (const [index, queued] of batch.entries()) {
      const outcome = outcomes[index];
      if (outcome?.ok) queued.resolve(outcome.value);
      else queued.reject(outcome?.error);
    }
  }

  private async runUnderSavepoint(
    trx: ControlledTransaction<Database>,
    name: string,
    command: Command<unknown>,
  ): Promise<Outcome> {
    const statements = savepointStatements(name);
    for (let attempt = 1; ; attempt++) {
      await trx.executeQuery(statements.open);
      const events: DomainEvent[] = [];
      try {
        const value = await command({ db: trx, now: nowIso(), emit: (event) => events.push(event) });
        await trx.executeQuery(statements.release);
        return { ok: true, value, events };
      } catch (error) {
        await trx.executeQuery(statements.rollback);
        // A deadlock with another batch: rolling back to the savepoint let the other go on; once it
        // commits, the same command gets its rows.
        if (attempt >= MAX_CONFLICT_RETRIES || !isTransientConflict(error)) return { ok: false, error };
      }
    }
  }

  private async record(
    db: Transaction<Database>,
    events: readonly DomainEvent[],
    now: string,
  ): Promise<void> {
    if (events.length === 0) return;
    for (const recorder of this.recorders) await recorder.record(db, events, now);
  }

  private announce(events: readonly DomainEvent[]): void {
    if (events.length > 0) for (const listener of this.listeners) listener(events);
  }
}
