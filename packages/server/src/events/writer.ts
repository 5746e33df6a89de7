import { CompiledQuery, type ControlledTransaction, type Kysely, type Transaction } from "kysely";
import { nowIso } from "../clock.js";
import { isTransientConflict } from "../storage/constraint-errors.js";
import type { Database } from "../storage/schema.js";
import type { DomainEvent } from "./types.js";

/** What deferred work gets: the transaction, the time of the write, and a way to announce events. */
export interface WorkContext {
  db: Transaction<Database>;
  now: string;
  emit(event: DomainEvent): void;
}

/** Work on rows of one kind that many commands share, run once at the end of the write with their keys. */
export type DeferredWork = (context: WorkContext, keys: readonly string[]) => Promise<void>;

/** A group's deferred work and every key the batch's commands asked it for. */
interface DeferredGroup {
  work: DeferredWork;
  keys: Set<string>;
}

/** What a command gets: the transaction, the time of the write, a way to announce events, and to defer. */
export interface WriteContext extends WorkContext {
  /**
   * Runs `work` once at the end of the transaction with every `key` the batch's commands asked of
   * `group`, sorted (the last command's work wins); groups run in name order. Rows many requests
   * touch at once (clients' last activity) are written once per batch, in one statement, after the
   * commands, so parallel batches meet on them only at their ends (a batch that deadlocks anyway is
   * tried again whole).
   */
  defer(group: string, key: string, work: DeferredWork): void;
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
 * A command that can also write many calls at once: a run of a batch's consecutive calls of it is
 * written by `many`, set-based (a statement per table, not per call: on PostgreSQL each statement
 * is a round trip). `one` writes a call alone: a lone call, or each call of a guarded batch.
 */
export interface SetCommand<I, T> {
  one(context: WriteContext, input: I): Promise<T>;
  /** One result per input, in their order. Throwing fails the run, which is then written call by call. */
  many(context: WriteContext, inputs: readonly I[]): Promise<T[]>;
}

interface Queued {
  command: Command<unknown>;
  /** For a call of a set command: the command and its input, so a run of calls can be written together. */
  call?: { command: SetCommand<never, unknown>; input: unknown };
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome =
  | { ok: true; value: unknown; events: DomainEvent[]; deferred: Map<string, DeferredGroup> }
  | { ok: false; error: unknown };

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

/** One run of a command: its context, and what it emitted and deferred, kept apart until it succeeds. */
function commandRun(db: Transaction<Database>) {
  const events: DomainEvent[] = [];
  const deferred = new Map<string, DeferredGroup>();
  const context: WriteContext = {
    db,
    now: nowIso(),
    emit: (event) => events.push(event),
    defer: (group, key, work) => mergeDeferred(deferred, group, { work, keys: new Set([key]) }),
  };
  return { context, events, deferred };
}

function mergeDeferred(into: Map<string, DeferredGroup>, group: string, adding: DeferredGroup): void {
  const existing = into.get(group);
  if (!existing) {
    into.set(group, { work: adding.work, keys: new Set(adding.keys) });
    return;
  }
  existing.work = adding.work;
  for (const key of adding.keys) existing.keys.add(key);
}

/** How many calls from `start` on are calls of the same set command (1 when it is not one). */
function sameCommandRun(batch: readonly Queued[], start: number): number {
  const command = batch[start]?.call?.command;
  if (!command) return 1;
  let end = start + 1;
  while (end < batch.length && batch[end]?.call?.command === command) end++;
  return end - start;
}

/** A command of a batch without savepoints failed: the batch is rolled back and run again, guarded. */
class UnguardedFailure extends Error {}

/** How the writer's batches went, for `/metrics` and tests. */
export interface WriterStats {
  /** Transactions committed, a lone command's included (a batch tried again counts once). */
  batches: number;
  /** Of those, the ones whose commands each ran under a savepoint. */
  guardedBatches: number;
  /** Batches rolled back because a command failed without a savepoint, then run guarded. */
  reruns: number;
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
 * commits, the next gathers. A command that fails is rolled back alone and only its caller sees the
 * error; the others are answered only after the commit.
 *
 * Savepoints would isolate each command, but they cost two statements per command: a fifth of
 * ingest's round trips on PostgreSQL. So a batch runs without them while commands succeed; the
 * first failure rolls the whole batch back and runs it again with a savepoint per command, and
 * batches stay guarded until one has no failed command.
 */
export class Writer {
  private readonly listeners: CommitListener[] = [];
  private readonly queue: Queued[] = [];
  private scheduled = false;
  private activeBatches = 0;
  private guardNextBatch = false;
  readonly stats: WriterStats = { batches: 0, guardedBatches: 0, reruns: 0 };

  /**
   * `batches`: shared transactions open at once. Tandem opens one (see createDomain); several
   * still work, and their shared rows are written so that parallel batches do not deadlock.
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
    return this.enqueue(command);
  }

  /** Runs one call of a set command: with the batch's other calls of it, set-based, when there are some. */
  runSet<I, T>(command: SetCommand<I, T>, input: I): Promise<T> {
    return this.enqueue((context) => command.one(context, input), {
      command: command as SetCommand<never, unknown>,
      input,
    });
  }

  private enqueue<T>(command: Command<T>, call?: Queued["call"]): Promise<T> {
    if (!this.groupCommit) return this.runAlone(command);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        command,
        ...(call ? { call } : {}),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
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
      try {
        const result = await this.db.transaction().execute(async (db) => {
          const run = commandRun(db);
          const value = await command(run.context);
          await this.finish(db, run.events, run.deferred);
          return { value, events: run.events };
        });
        this.stats.batches++;
        this.announce(result.events);
        return result.value;
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
    let guarded = this.guardNextBatch;
    for (let attempt = 1; ; attempt++) {
      try {
        const { outcomes, events } = await this.writeBatch(batch, guarded);
        this.stats.batches++;
        if (guarded) this.stats.guardedBatches++;
        this.guardNextBatch = outcomes.some((outcome) => !outcome.ok);
        this.announce(events);
        for (const [index, queued] of batch.entries()) {
          const outcome = outcomes[index];
          if (outcome?.ok) queued.resolve(outcome.value);
          else queued.reject(outcome?.error);
        }
        return;
      } catch (error) {
        if (error instanceof UnguardedFailure) {
          // Not a conflict: the same batch again, each command under its savepoint.
          this.stats.reruns++;
          guarded = true;
          attempt--;
          continue;
        }
        // The shared transaction itself failed: nothing of the batch was written. A deadlock with
        // another batch is tried again whole; anything else fails every command of the batch.
        if (attempt < MAX_CONFLICT_RETRIES && isTransientConflict(error)) continue;
        for (const queued of batch) queued.reject(error);
        return;
      }
    }
  }

  private async writeBatch(
    batch: Queued[],
    guarded: boolean,
  ): Promise<{ outcomes: Outcome[]; events: DomainEvent[] }> {
    const outcomes: Outcome[] = [];
    const trx = await this.db.startTransaction().execute();
    try {
      for (let index = 0; index < batch.length; ) {
        const queued = batch[index] as Queued;
        const run = guarded ? 1 : sameCommandRun(batch, index);
        if (run > 1) outcomes.push(...(await this.runSetUnguarded(trx, batch.slice(index, index + run))));
        else
          outcomes.push(
            guarded
              ? await this.runUnderSavepoint(trx, `c${index}`, queued.command)
              : await this.runUnguarded(trx, queued.command),
          );
        index += run;
      }
      const events: DomainEvent[] = [];
      const deferred = new Map<string, DeferredGroup>();
      for (const outcome of outcomes) {
        if (!outcome.ok) continue;
        events.push(...outcome.events);
        for (const [group, adding] of outcome.deferred) mergeDeferred(deferred, group, adding);
      }
      await this.finish(trx, events, deferred);
      await trx.commit().execute();
      return { outcomes, events };
    } catch (error) {
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
      throw error;
    }
  }

  /** A command without a savepoint: a failure may have left half its rows, so it fails the batch. */
  private async runUnguarded(
    trx: ControlledTransaction<Database>,
    command: Command<unknown>,
  ): Promise<Outcome> {
    const { context, events, deferred } = commandRun(trx);
    try {
      return { ok: true, value: await command(context), events, deferred };
    } catch {
      throw new UnguardedFailure();
    }
  }

  /** Consecutive calls of one set command, written together; the run's events ride on its first outcome. */
  private async runSetUnguarded(trx: ControlledTransaction<Database>, run: Queued[]): Promise<Outcome[]> {
    const command = run[0]?.call?.command;
    if (!command) throw new Error("a set run starts with a call of a set command");
    const { context, events, deferred } = commandRun(trx);
    let values: unknown[];
    try {
      values = await command.many(
        context,
        run.map((queued) => queued.call?.input as never),
      );
    } catch {
      throw new UnguardedFailure();
    }
    if (values.length !== run.length)
      throw new Error(`a set command answered ${values.length} of ${run.length} calls`);
    return values.map((value, index) =>
      index === 0
        ? { ok: true, value, events, deferred }
        : { ok: true, value, events: [], deferred: new Map() },
    );
  }

  private async runUnderSavepoint(
    trx: ControlledTransaction<Database>,
    name: string,
    command: Command<unknown>,
  ): Promise<Outcome> {
    const statements = savepointStatements(name);
    for (let attempt = 1; ; attempt++) {
      await trx.executeQuery(statements.open);
      const { context, events, deferred } = commandRun(trx);
      try {
        const value = await command(context);
        await trx.executeQuery(statements.release);
        return { ok: true, value, events, deferred };
      } catch (error) {
        await trx.executeQuery(statements.rollback);
        // A deadlock with another batch: rolling back to the savepoint let the other go on; once it
        // commits, the same command gets its rows.
        if (attempt >= MAX_CONFLICT_RETRIES || !isTransientConflict(error)) return { ok: false, error };
      }
    }
  }

  /**
   * The end of every write: the deferred work by group and key (its events join the write's), then the
   * recorders' outbox rows. Deliveries are inserted after the shared rows are locked, so a later
   * write to the same conversation gets a later delivery `seq` than an earlier one that committed.
   */
  private async finish(
    db: Transaction<Database>,
    events: DomainEvent[],
    deferred: ReadonlyMap<string, DeferredGroup>,
  ): Promise<void> {
    const now = nowIso();
    for (const group of [...deferred.keys()].sort()) {
      const { work, keys } = deferred.get(group) as DeferredGroup;
      await work({ db, now, emit: (event) => events.push(event) }, [...keys].sort());
    }
    if (events.length === 0) return;
    for (const recorder of this.recorders) await recorder.record(db, events, now);
  }

  private announce(events: readonly DomainEvent[]): void {
    if (events.length > 0) for (const listener of this.listeners) listener(events);
  }
}
