import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { nowIso } from "../clock.js";
import { ConfigError } from "../config.js";
import type { Database, SecretKeyStateTable } from "../storage/schema.js";
import type { SecretBox } from "./secrets.js";

const STATE_ID = 1;

/** How often a running process reads which key seals: a re-encryption waits for all to have seen it. */
export const KEY_STATE_REFRESH_MS = 2_000;

export type SecretKeyState = Omit<SecretKeyStateTable, "id">;

export async function readKeyState(db: Kysely<Database>): Promise<SecretKeyState | undefined> {
  return db
    .selectFrom("secret_key_state")
    .select(["sealing", "draining", "updated_at"])
    .where("id", "=", STATE_ID)
    .executeTakeFirst();
}

/** What is wrong with a process's keys for this database, in words for the operator; null when nothing. */
export function keyMismatch(box: SecretBox, state: SecretKeyState): string | null {
  if (!box.holds(state.sealing)) {
    return (
      "TANDEM_SECRET_KEY does not match the key this database's secrets are sealed with. " +
      "Use the same TANDEM_SECRET_KEY as the other processes on this database (the key it was set up with; " +
      "without TANDEM_SECRET_KEY, the key is the data folder's secret-key file). " +
      "To move to a new key, set it as TANDEM_SECRET_KEY with the old one as TANDEM_SECRET_KEY_PREVIOUS, " +
      "restart every process so, then run `tandem secrets:reencrypt`."
    );
  }
  if (state.draining && !box.holds(state.draining)) {
    return (
      "this database's secrets are being re-encrypted to TANDEM_SECRET_KEY and some are still sealed with " +
      "the previous key: set TANDEM_SECRET_KEY_PREVIOUS to it until `tandem secrets:reencrypt` has finished."
    );
  }
  return null;
}

/**
 * Before a process serves anything: a new database records the check value of the process's key;
 * otherwise the process must hold every key the database's secrets are sealed with, or it refuses
 * to start. The box then seals with the database's sealing key, which every process holds.
 */
export async function checkSecretKey(db: Kysely<Database>, box: SecretBox): Promise<void> {
  let state = await readKeyState(db);
  if (!state) {
    // Two first starts at once: one insert wins, and the other process is checked against it.
    await db
      .insertInto("secret_key_state")
      .values({ id: STATE_ID, sealing: box.currentFingerprint, draining: null, updated_at: nowIso() })
      .onConflict((conflict) => conflict.column("id").doNothing())
      .execute();
    state = await readKeyState(db);
    if (!state) throw new Error("the secret key state was not recorded");
  }
  const problem = keyMismatch(box, state);
  if (problem) throw new ConfigError(problem);
  box.sealWith(state.sealing);
}

/**
 * Follows the database's key state while the process runs: a re-encryption moves the sealing key,
 * and a process that lacks a key the database now needs says so on /readyz and in the log.
 */
export class SecretKeyWatch {
  private timer: NodeJS.Timeout | null = null;
  private mismatch: string | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
    private readonly logger: Logger,
  ) {}

  /** Why this process's keys no longer fit the database, or null. */
  get problem(): string | null {
    return this.mismatch;
  }

  start(): void {
    this.timer = setInterval(() => void this.refresh(), KEY_STATE_REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh(): Promise<void> {
    let state: SecretKeyState | undefined;
    try {
      state = await readKeyState(this.db);
    } catch {
      // The database is away: /readyz says so on its own, and the next refresh reads again.
      return;
    }
    if (!state) return;
    const problem = keyMismatch(this.box, state);
    if (problem && problem !== this.mismatch)
      this.logger.error({ problem }, "secret key no longer fits the database");
    this.mismatch = problem;
    if (!problem) this.box.sealWith(state.sealing);
  }
}
