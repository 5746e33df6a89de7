import type { WebhookCatalog } from "@tandem/contract";
import type { DeliveryRow } from "../storage/schema.js";
import type { AttemptResult } from "./outcomes.js";

/** Seconds of `Retry-After` Tandem honours at most, so an answer cannot park a delivery for days. */
const RETRY_AFTER_CAP_MS = 24 * 3600 * 1000;

export type AttemptVerdict =
  | { kind: "succeeded" }
  | { kind: "failed"; reason: string }
  | { kind: "retry"; delayMs: number };

/**
 * After attempt number `attempt` (1-based): done, given up, or wait `delayMs`.
 * The schedule lists the delays before each retry; jitter (±10 %) keeps retries of many
 * deliveries from arriving at once, and `Retry-After` is honoured when it asks for longer.
 */
export function judgeAttempt(
  statusCode: number | null,
  attempt: number,
  schedule: readonly number[],
  retryAfterMs: number | null,
  random: () => number = Math.random,
): AttemptVerdict {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return { kind: "succeeded" };
  if (statusCode === 410) return { kind: "failed", reason: "the app answered 410 Gone" };
  const delaySeconds = schedule[attempt - 1];
  if (delaySeconds === undefined) return { kind: "failed", reason: `no success after ${attempt} attempts` };
  const jittered = delaySeconds * 1000 * (0.9 + 0.2 * random());
  const delayMs = Math.max(jittered, Math.min(retryAfterMs ?? 0, RETRY_AFTER_CAP_MS));
  return { kind: "retry", delayMs: Math.round(delayMs) };
}

/**
 * The verdict on an attempt, whatever failed: the app's answer, the network, or Tandem itself.
 * The schedule counts from the start of the delivery's current run (`schedule_from`), so a delivery
 * sent again by hand gets the whole schedule again while its attempt numbers go on. A kind the
 * catalog drops on failure is not retried; one it no longer lists is, as nothing says otherwise.
 */
export function classifyAttempt(
  delivery: DeliveryRow,
  result: AttemptResult,
  schedule: readonly number[],
  catalog: WebhookCatalog,
): AttemptVerdict {
  if (result.reason === null) return { kind: "succeeded" };
  if (catalog[delivery.event]?.onFailure === "drop") {
    return { kind: "failed", reason: `${delivery.event} events are not retried` };
  }
  if (result.reason === "no_destination") return { kind: "failed", reason: result.error ?? "no destination" };
  const attemptOfRun = delivery.attempt_count + 1 - delivery.schedule_from;
  return judgeAttempt(result.statusCode, attemptOfRun, schedule, result.retryAfterMs);
}
