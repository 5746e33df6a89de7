import type { Kysely } from "kysely";
import { capabilitiesOf } from "./dialects/capabilities.js";
import type { Database } from "./schema.js";

interface Waiting<K, R> {
  key: K;
  resolve(row: R | undefined): void;
  reject(error: unknown): void;
}

export interface LookupQueries<K, R> {
  /** The row for one key. */
  one(db: Kysely<Database>, key: K): Promise<R | undefined>;
  /** Every row for any of `keys`, in one statement (rows may come in any order, or be extra). */
  many(db: Kysely<Database>, keys: readonly K[]): Promise<R[]>;
  /** Whether `row` answers `key`: the batched query's rows are matched back to their callers by this. */
  matches(key: K, row: R): boolean;
  /**
   * The key as text, for keys that concurrent requests often share (an app's token, its channel):
   * on SQLite, the callers of one turn asking the same key then share one read of it.
   */
  keyOf?(key: K): string;
}

/** Keys one batched statement takes at most; more go in the next. */
const MAX_KEYS = 500;

/**
 * Look-ups of one kind that concurrent requests make in the same turn of the event loop, answered
 * together: a lone key by `one`, several by `many` in one statement.
 *
 * On PostgreSQL each statement is a round trip whose write wakes the server's process: on ingest,
 * the token, channel and idempotency look-ups were three of seven statements a request, and the
 * statements most of Node's CPU (bench/FINDINGS.md). Nothing is cached: every caller gets a row read
 * after it asked. SQLite runs in the process and gains nothing from one statement for many keys, so
 * there each key is read alone; but with `keyOf`, once per turn however many callers ask it (the
 * 64 connections of the ingest bench share one token and one channel: two reads of four a request).
 */
export class BatchedLookup<K, R> {
  private readonly waiting = new WeakMap<Kysely<Database>, Waiting<K, R>[]>();

  constructor(private readonly queries: LookupQueries<K, R>) {}

  load(db: Kysely<Database>, key: K): Promise<R | undefined> {
    if (capabilitiesOf(db).statementsAreLocal && !this.queries.keyOf) return this.queries.one(db, key);
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(db);
      if (queue) {
        queue.push({ key, resolve, reject });
        return;
      }
      this.waiting.set(db, [{ key, resolve, reject }]);
      // The requests parsed in this turn of the event loop ask before it ends.
      setImmediate(() => {
        const asked = this.waiting.get(db) ?? [];
        this.waiting.delete(db);
        for (let start = 0; start < asked.length; start += MAX_KEYS)
          void this.answer(db, asked.slice(start, start + MAX_KEYS));
      });
    });
  }

  private async answer(db: Kysely<Database>, asked: readonly Waiting<K, R>[]): Promise<void> {
    if (capabilitiesOf(db).statementsAreLocal) return this.answerEachKey(db, asked);
    try {
      const only = asked.length === 1 ? asked[0] : undefined;
      if (only) {
        only.resolve(await this.queries.one(db, only.key));
        return;
      }
      const rows = await this.queries.many(
        db,
        asked.map((waiting) => waiting.key),
      );
      for (const waiting of asked)
        waiting.resolve(rows.find((row) => this.queries.matches(waiting.key, row)));
    } catch (error) {
      for (const waiting of asked) waiting.reject(error);
    }
  }

  /** One read per distinct key, each answering every caller that asked it. */
  private async answerEachKey(db: Kysely<Database>, asked: readonly Waiting<K, R>[]): Promise<void> {
    const keyOf = this.queries.keyOf ?? String;
    const byKey = new Map<string, Waiting<K, R>[]>();
    for (const waiting of asked) {
      const text = keyOf(waiting.key);
      const callers = byKey.get(text);
      if (callers) callers.push(waiting);
      else byKey.set(text, [waiting]);
    }
    for (const callers of byKey.values()) {
      const first = callers[0] as Waiting<K, R>;
      try {
        const row = await this.queries.one(db, first.key);
        for (const waiting of callers) waiting.resolve(row);
      } catch (error) {
        for (const waiting of callers) waiting.reject(error);
      }
    }
  }
}
