import type { Kysely } from "kysely";
import { nowIso } from "../clock.js";
import { ConfigError } from "../config.js";
import type { Database } from "../storage/schema.js";
import { KEY_STATE_REFRESH_MS, readKeyState, type SecretKeyState } from "./secret-key-state.js";
import type { SecretBox } from "./secrets.js";

/** Every column `SecretBox` seals into; a new one must be listed here, or a rotation leaves it behind. */
const SEALED_COLUMNS = ["webhook_secret_enc", "previous_webhook_secret_enc"] as const;
type SealedColumn = (typeof SEALED_COLUMNS)[number];

/** Long enough for every running process to have read the new sealing key at least once. */
const SETTLE_MS = 2 * KEY_STATE_REFRESH_MS + 1_000;

export interface ReencryptOptions {
  batchSize?: number;
}

export interface ReencryptResult {
  /** Values sealed anew with TANDEM_SECRET_KEY (those a concurrent write changed first included). */
  resealed: number;
  /** Passes over the sealed columns; the last one found nothing left to do. */
  passes: number;
  /**
   * Values neither key opens (sealed with a key the database never recorded, as when processes
   * each generated their own): left as they are, and named so the operator can rotate them.
   */
  unreadable: Array<{ app_id: string; column: SealedColumn }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `tandem secrets:reencrypt`: makes TANDEM_SECRET_KEY the sealing key (the previous key stays
 * readable while values are moved: the state's `draining`), then reseals every value, a batch at a
 * time, each with a compare-and-set on its old ciphertext so a secret rotated meanwhile is never
 * overwritten. Passes repeat until one, begun after every process has seen the new sealing key,
 * finds nothing; only then does the previous key stop being needed. Idempotent, and resumable.
 */
export async function reencryptSecrets(
  db: Kysely<Database>,
  box: SecretBox,
  options: ReencryptOptions = {},
): Promise<ReencryptResult> {
  const batchSize = options.batchSize ?? 100;
  const state = await makeCurrentKeySeal(db, box);
  box.sealWith(box.currentFingerprint);
  // With nothing draining, the sealing key moved (if ever) long enough ago for every process to know.
  const settledAt = state.draining ? Date.parse(state.updated_at) + SETTLE_MS : 0;
  const unreadable = new Map<string, { app_id: string; column: SealedColumn }>();
  let resealed = 0;
  let passes = 0;
  for (;;) {
    const passStartedAt = Date.now();
    const moved = await resealPass(db, box, batchSize, unreadable);
    resealed += moved;
    passes++;
    if (moved === 0 && passStartedAt >= settledAt) break;
    if (moved === 0) await sleep(settledAt - Date.now());
  }
  if (state.draining) {
    await db
      .updateTable("secret_key_state")
      .set({ draining: null, updated_at: nowIso() })
      .where("sealing", "=", box.currentFingerprint)
      .where("draining", "=", state.draining)
      .execute();
  }
  return { resealed, passes, unreadable: [...unreadable.values()] };
}

/** Moves the sealing key to the current one (the previous one draining), or finds it moved already. */
async function makeCurrentKeySeal(db: Kysely<Database>, box: SecretBox): Promise<SecretKeyState> {
  const current = box.currentFingerprint;
  const previous = box.previousFingerprint;
  const state = await readKeyState(db);
  if (!state) throw new Error("the database has no secret key state: start Tandem on it once first");
  if (state.sealing === current) return state;
  if (!previous || state.sealing !== previous || state.draining) {
    throw new ConfigError(
      "to re-encrypt, set TANDEM_SECRET_KEY to the new key and TANDEM_SECRET_KEY_PREVIOUS to the key the database's secrets are sealed with now",
    );
  }
  await db
    .updateTable("secret_key_state")
    .set({ sealing: current, draining: previous, updated_at: nowIso() })
    .where("sealing", "=", previous)
    .where("draining", "is", null)
    .execute();
  const moved = await readKeyState(db);
  if (moved?.sealing !== current) throw new Error("the secret key state changed during the re-encryption");
  return moved;
}

/** One pass over the apps in batches by id; answers how many values it resealed or found changed. */
async function resealPass(
  db: Kysely<Database>,
  box: SecretBox,
  batchSize: number,
  unreadable: Map<string, { app_id: string; column: SealedColumn }>,
): Promise<number> {
  let moved = 0;
  let after = "";
  for (;;) {
    const rows = await db
      .selectFrom("apps")
      .select(["id", ...SEALED_COLUMNS])
      .where("id", ">", after)
      .orderBy("id")
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      for (const column of SEALED_COLUMNS) {
        const sealed = row[column];
        if (!sealed || !box.needsResealing(sealed) || unreadable.has(sealed)) continue;
        let plaintext: string;
        try {
          plaintext = box.open(sealed);
        } catch {
          unreadable.set(sealed, { app_id: row.id, column });
          continue;
        }
        await resealValue(db, row.id, column, sealed, box.seal(plaintext));
        moved++;
      }
    }
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return moved;
    after = last.id;
  }
}

/** Compare-and-set: if a rotation changed the value first, the next pass sees the new one. */
async function resealValue(
  db: Kysely<Database>,
  appId: string,
  column: SealedColumn,
  sealed: string,
  resealed: string,
): Promise<void> {
  await db
    .updateTable("apps")
    .set(column, resealed)
    .where("id", "=", appId)
    .where(column, "=", sealed)
    .execute();
}
