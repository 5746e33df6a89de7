import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Database } from "../storage/schema.js";

/** How far back a reconnecting page can resume; an older cursor gets `reset` and refetches. */
export const FEED_RETENTION_MS = 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;

/**
 * Deletes page events older than the retention period, on start and every hour. Every process may
 * run it; the deletes are idempotent. The newest row is always kept: it is how a cursor from the
 * future (another database, a restored backup) is told apart from one that is merely up to date.
 */
export class FeedRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly retentionMs = FEED_RETENTION_MS,
    /** Events deleted per statement. */
    private readonly chunk = 1_000,
  ) {}

  start(): void {
    this.schedule();
    this.timer = setInterval(() => this.schedule(), PRUNE_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * Oldest first, a chunk at a time by id: ids grow with time, so each chunk is a short walk of the
   * primary key and the prune stops at the first event still kept. One statement over
   * `created_at`, which has no index, read the whole table and deleted a day's events at once,
   * holding SQLite's single writer (and Node's event loop) for as long as that took.
   */
  async prune(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.retentionMs).toISOString();
    let deleted = 0;
    for (;;) {
      const oldest = await this.db
        .selectFrom("page_events")
        .select(["id", "created_at"])
        .orderBy("id")
        .limit(this.chunk)
        .execute();
      const expired = oldest.findIndex((event) => event.created_at >= cutoff);
      const last = oldest[expired === -1 ? oldest.length - 1 : expired - 1];
      if (!last) return deleted;
      const result = await this.db
        .deleteFrom("page_events")
        .where("id", "<=", last.id)
        .where("id", "<", (eb) => eb.selectFrom("page_events").select(eb.fn.max("id").as("newest")))
        .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
      if (expired !== -1 || oldest.length < this.chunk) return deleted;
      // Whatever else waits for the database goes between two chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private schedule(): void {
    this.running = this.running
      .then(() => this.prune())
      .then((deleted) => {
        if (deleted > 0) this.logger.info({ deleted }, "pruned old page events");
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, "pruning page events failed"));
  }
}
