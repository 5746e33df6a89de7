import type { Kysely } from "kysely";
import type { AppRow, Database } from "../storage/schema.js";

/**
 * Apps are read on nearly every request and change rarely; a short-lived cache keeps them off the
 * hot path while a change made by another process still shows within a few seconds. Callers that
 * miss while the app is being read share that read: under load, every request in flight missed
 * when the entry expired, and their reads, answered in different turns, split the write batch.
 */
export class AppDirectory {
  private readonly byId = new Map<string, { app: AppRow; at: number }>();
  private readonly reading = new Map<string, Promise<AppRow | null>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 2_000,
  ) {}

  find(appId: string): Promise<AppRow | null> {
    const cached = this.byId.get(appId);
    if (cached && Date.now() - cached.at < this.ttlMs) return Promise.resolve(cached.app);
    const inFlight = this.reading.get(appId);
    if (inFlight) return inFlight;
    const read: Promise<AppRow | null> = this.db
      .selectFrom("apps")
      .selectAll()
      .where("id", "=", appId)
      .executeTakeFirst()
      .then(
        (app) => {
          // Kept only if nobody forgot the app while it was read: a read begun before a change is not.
          if (this.reading.get(appId) === read) {
            this.reading.delete(appId);
            if (app) this.byId.set(appId, { app, at: Date.now() });
            else this.byId.delete(appId);
          }
          return app ?? null;
        },
        (error: unknown) => {
          if (this.reading.get(appId) === read) this.reading.delete(appId);
          throw error;
        },
      );
    this.reading.set(appId, read);
    return read;
  }

  async findByCodeName(codeName: string): Promise<AppRow | null> {
    const app = await this.db
      .selectFrom("apps")
      .selectAll()
      .where("code_name", "=", codeName)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    return app ?? null;
  }

  async codeName(appId: string): Promise<string> {
    return (await this.find(appId))?.code_name ?? "unknown";
  }

  forget(appId: string): void {
    this.byId.delete(appId);
    this.reading.delete(appId);
  }
}
