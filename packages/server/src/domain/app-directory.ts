import type { Kysely } from "kysely";
import type { AppRow, Database } from "../storage/schema.js";

/**
 * Apps are read on nearly every request and change rarely; a short-lived cache keeps them off the
 * hot path while a change made by another process still shows within a few seconds.
 */
export class AppDirectory {
  private readonly byId = new Map<string, { app: AppRow; at: number }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 2_000,
  ) {}

  async find(appId: string): Promise<AppRow | null> {
    const cached = this.byId.get(appId);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.app;
    const app = await this.db.selectFrom("apps").selectAll().where("id", "=", appId).executeTakeFirst();
    if (!app) {
      this.byId.delete(appId);
      return null;
    }
    this.byId.set(appId, { app, at: Date.now() });
    return app;
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
  }
}
