import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { ChangeNotifier } from "../storage/dialects/types.js";
import type { Database } from "../storage/schema.js";
import { type FeedEvent, feedEvent } from "./feed-event.js";
import { GapAwareCursor } from "./gap-aware-cursor.js";
import type { RealtimeMetrics } from "./metrics.js";
import { feedBounds, READ_BATCH, rowsAfter } from "./page-events.js";

export interface FeedReaderOptions {
  db: Kysely<Database>;
  notifier: ChangeNotifier;
  /** The events of one read, in id order. */
  publish(events: FeedEvent[]): void;
  metrics: RealtimeMetrics;
  logger: Logger;
  /** How long a missing id may hold back the ids after it before it is taken for a rollback. */
  gapGraceMs?: number;
  /** A read without a notification, in case one was lost (a process died between commit and NOTIFY). */
  pollIntervalMs?: number;
}

/**
 * Ids this far below the newest at start are read again: a transaction that was in flight while the
 * process started may still commit one of them. Nobody is subscribed yet, so this costs one read.
 */
const STARTUP_LOOKBACK_IDS = 1000;

/**
 * The process's one reader of `page_events`: woken by the notifier (or the poll), it reads the new
 * rows once, in id order and without skipping an id still in flight, and publishes each to the hub.
 * Its position is the point up to which every socket of this process has been served.
 */
export class FeedReader {
  private readonly gapGraceMs: number;
  private readonly pollIntervalMs: number;
  private cursor = new GapAwareCursor(0, 0);
  private running = false;
  private reading = false;
  private readAgain = false;
  private currentRead: Promise<void> = Promise.resolve();
  private pollTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: FeedReaderOptions) {
    this.gapGraceMs = options.gapGraceMs ?? 1500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  get position(): number {
    return this.cursor.position;
  }

  /** Catches up before any socket attaches, so that `ready` names the present. */
  async start(): Promise<void> {
    const { newest } = await feedBounds(this.options.db);
    this.cursor = new GapAwareCursor(Math.max(0, (newest ?? 0) - STARTUP_LOOKBACK_IDS), this.gapGraceMs);
    const retryAt = await this.readAll();
    if (retryAt !== null) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, retryAt - Date.now())));
      await this.readAll();
    }
    this.running = true;
    this.options.notifier.onChange(() => this.wake());
    this.pollTimer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.pollTimer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.currentRead;
  }

  /** Reads now, or right after the read under way: wake-ups coalesce, reads never overlap. */
  wake(): void {
    if (!this.running) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    this.currentRead = this.readAll()
      .then((retryAt) => this.scheduleRetry(retryAt))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, "reading page events failed"))
      .finally(() => {
        this.reading = false;
        if (this.readAgain) {
          this.readAgain = false;
          this.wake();
        }
      });
  }

  /** Reads until caught up or held at a missing id; answers when that id will be given up. */
  private async readAll(): Promise<number | null> {
    const { db, metrics, publish, logger } = this.options;
    for (;;) {
      const rows = await rowsAfter(db, this.cursor.position);
      const step = this.cursor.advance(rows, Date.now());
      if (step.released.length > 0) publish(step.released.map(feedEvent));
      metrics.events.inc(step.released.length);
      metrics.heldEvents.set(step.held);
      if (step.givenUp > 0) {
        metrics.idsGivenUp.inc(step.givenUp);
        logger.info({ ids: step.givenUp }, "page event ids missing past the grace period were skipped");
      }
      if (step.retryAt !== null || rows.length < READ_BATCH) return step.retryAt;
    }
  }

  private scheduleRetry(at: number | null): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (at === null || !this.running) return;
    this.retryTimer = setTimeout(() => this.wake(), Math.max(0, at - Date.now()) + 1);
    this.retryTimer.unref();
  }
}
