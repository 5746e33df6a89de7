import type { AppCheckReport } from "@tandem/contract";
import { conflict } from "../errors.js";
import { type AppCheckOptions, checkApp } from "./checks.js";

/** What the server's own rules leave to each check: the app and how to reach it. */
export type AppToCheck = { appId: string } & Pick<AppCheckOptions, "apiUri" | "secrets">;

/**
 * Checks of installed apps under the delivery worker's rules (its timeout, its guard against private
 * addresses, its catalog), one at a time per app: a second check of an app while one runs is refused,
 * so that admins clicking again, or of several businesses at once, cannot set a crowd of calls on it.
 * Each process keeps its own count: with several, an app gets at most one check from each.
 */
export class AppChecks {
  private readonly running = new Set<string>();

  constructor(private readonly rules: Omit<AppCheckOptions, "apiUri" | "secrets">) {}

  async check({ appId, apiUri, secrets }: AppToCheck): Promise<AppCheckReport> {
    if (this.running.has(appId)) {
      throw conflict("a check of this app is running already: wait for its report", "app_id");
    }
    this.running.add(appId);
    try {
      return await checkApp({ ...this.rules, apiUri, secrets });
    } finally {
      this.running.delete(appId);
    }
  }
}
