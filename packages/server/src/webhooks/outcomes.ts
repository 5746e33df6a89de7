import type { Kysely } from "kysely";
import { prepare } from "../storage/prepared.js";
import type { Database, DeliveryStatus } from "../storage/schema.js";
import type { AttemptFailureReason } from "./attempt-failure.js";

/** What one attempt came to, whether the app answered or Tandem failed before it could ask. */
export interface AttemptResult {
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  responseBody: string | null;
  retryAfterMs: number | null;
  error: string | null;
  /** Null when the attempt succeeded. */
  reason: AttemptFailureReason | null;
}

export interface AttemptRecord {
  deliveryUid: string;
  attemptNumber: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  reason: AttemptFailureReason | null;
}

const insertAttempt = prepare<AttemptRecord>()((db, value) =>
  db.insertInto("delivery_attempts").values({
    delivery_uid: value("deliveryUid"),
    attempt_number: value("attemptNumber"),
    started_at: value("startedAt"),
    duration_ms: value("durationMs"),
    status_code: value("statusCode"),
    response_body: value("responseBody"),
    error: value("error"),
    reason: value("reason"),
  }),
);

/** Every attempt is a row: what was sent when, how long it took, and what came back. */
export async function recordAttempt(db: Kysely<Database>, attempt: AttemptRecord): Promise<void> {
  await insertAttempt.execute(db, attempt);
}

export interface Outcome {
  deliveryUid: string;
  workerId: string;
  attemptCount: number;
  status: Extract<DeliveryStatus, "pending" | "succeeded" | "failed">;
  nextAttemptAt: string;
  completedAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastReason: AttemptFailureReason | null;
  now: string;
}

const writeOutcome = prepare<Outcome>()((db, value) =>
  db
    .updateTable("deliveries")
    .set({
      status: value("status"),
      attempt_count: value("attemptCount"),
      next_attempt_at: value("nextAttemptAt"),
      completed_at: value("completedAt"),
      last_status_code: value("lastStatusCode"),
      last_error: value("lastError"),
      last_reason: value("lastReason"),
      updated_at: value("now"),
      lease_until: null,
      leased_by: null,
    })
    .where("uid", "=", value("deliveryUid"))
    .where("leased_by", "=", value("workerId"))
    .where("status", "=", "delivering"),
);

/**
 * Writes a delivery's outcome and releases its lease. Only the holder of the lease may: answers
 * false when this worker's lease ran out and another took the delivery over.
 */
export async function finishAttempt(db: Kysely<Database>, outcome: Outcome): Promise<boolean> {
  return (await writeOutcome.affected(db, outcome)) === 1;
}
