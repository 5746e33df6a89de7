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

  async prune(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.retentionMs).toISOString();
    const result = await this.db
      .deleteFrom("page_events")
      .where("created_at", "<", cutoff)
      .where("id", "<", (eb) => eb.selectFrom("page_events").select(eb.fn.max("id").as("newest")))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
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
