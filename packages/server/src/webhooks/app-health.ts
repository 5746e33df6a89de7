import type { Kysely } from "kysely";
import { isoAfter } from "../clock.js";
import type { AppRow, Database } from "../storage/schema.js";

/** The first success clears an app's failing state; failing without success for long marks it unreachable. */
export class AppHealth {
  /** When this process last wrote an app's success, so a steady stream of successes writes it once a minute. */
  private readonly successWrittenAt = new Map<string, number>();

  constructor(private readonly unreachableAfterMs: number) {}

  async record(db: Kysely<Database>, app: AppRow, succeeded: boolean, now: string): Promise<void> {
    if (succeeded) {
      // The app row comes from a cache a few seconds old, so its last_success_at alone would have
      // every success in those seconds write it again.
      const writtenAt = this.successWrittenAt.get(app.id) ?? 0;
      const stale = !app.last_success_at || app.last_success_at < isoAfter(now, -60_000);
      if (app.failing_since || app.unreachable || (stale && Date.parse(now) - writtenAt >= 60_000)) {
        this.successWrittenAt.set(app.id, Date.parse(now));
        await db
          .updateTable("apps")
          .set({ failing_since: null, unreachable: 0, last_success_at: now })
          .where("id", "=", app.id)
          .execute();
      }
      return;
    }
    if (!app.failing_since) {
      await db
        .updateTable("apps")
        .set({ failing_since: now })
        .where("id", "=", app.id)
        .where("failing_since", "is", null)
        .execute();
    } else if (
      !app.unreachable &&
      Date.parse(now) - Date.parse(app.failing_since) >= this.unreachableAfterMs
    ) {
      await db.updateTable("apps").set({ unreachable: 1 }).where("id", "=", app.id).execute();
    }
  }
}
