import type {
  Delivery,
  DeliveryAttempt,
  DeliveryDetail,
  DeliveryState,
  WebhookCatalog,
} from "@tandem/contract";
import type { DeliveryParties } from "../domain/deliveries.js";
import { parseJson } from "../storage/json-text.js";
import type { DeliveryAttemptRow, DeliveryRow } from "../storage/schema.js";
import { describeOutcome, isAttemptFailureReason } from "../webhooks/attempt-failure.js";

/**
 * Where a delivery stands, as the delivery log tells it: `status` is the worker's own, where a
 * delivery waiting for its retry is `pending` like one never tried; `retrying` tells them apart.
 */
export function deliveryState(delivery: DeliveryRow): DeliveryState {
  const open = delivery.status === "pending" || delivery.status === "delivering";
  // An attempt that did not end a delivery failed: an open delivery with attempts is being retried.
  return open && delivery.attempt_count > 0 ? "retrying" : delivery.status;
}

function lastAttemptOf(delivery: DeliveryRow) {
  if (delivery.attempt_count === 0) return null;
  const failed = delivery.status !== "succeeded";
  const reason = isAttemptFailureReason(delivery.last_reason) ? delivery.last_reason : null;
  return {
    attempt_number: delivery.attempt_count,
    status_code: delivery.last_status_code,
    reason: failed ? reason : null,
    outcome: failed
      ? describeOutcome(delivery.last_status_code, reason, delivery.last_error)
      : `answered HTTP ${delivery.last_status_code}`,
  };
}

function summaryOf(
  delivery: DeliveryRow,
  state: DeliveryState,
  last: ReturnType<typeof lastAttemptOf>,
): string {
  const lastWords = last ? `attempt ${last.attempt_number} ${last.outcome}` : "";
  switch (state) {
    case "pending":
      return "Waiting for its first attempt";
    case "delivering":
      return "Being sent";
    case "retrying":
      return `Retrying — ${lastWords}`;
    case "succeeded":
      return `Delivered — ${lastWords}`;
    case "failed":
      return last ? `Failed — ${lastWords}` : `Failed — ${delivery.last_error ?? "not sent"}`;
    case "dropped":
      return `Dropped — ${delivery.last_error ?? "not sent"}`;
  }
}

/** The delivery log's name for a kind; a kind the catalog no longer lists goes by its own name. */
const labelOf = (event: string, catalog: WebhookCatalog) => catalog[event]?.label ?? event;

export function presentDelivery(
  delivery: DeliveryRow,
  parties: DeliveryParties,
  catalog: WebhookCatalog,
): Delivery {
  const state = deliveryState(delivery);
  const lastAttempt = lastAttemptOf(delivery);
  return {
    uid: delivery.uid,
    webhook_id: `msg_${delivery.uid}`,
    app_id: delivery.app_id,
    app: parties.app,
    business_uid: delivery.business_uid,
    client: parties.client,
    event: delivery.event,
    label: labelOf(delivery.event, catalog),
    method: delivery.method,
    path: delivery.path,
    target_url: delivery.target_url,
    subscription_uid: delivery.subscription_uid,
    payload: parseJson<unknown>(delivery.body, null),
    status: delivery.status,
    state,
    summary: summaryOf(delivery, state, lastAttempt),
    attempt_count: delivery.attempt_count,
    last_attempt: lastAttempt,
    next_attempt_at: delivery.status === "pending" ? delivery.next_attempt_at : null,
    last_status_code: delivery.last_status_code,
    last_error: delivery.last_error,
    created_at: delivery.created_at,
    completed_at: delivery.completed_at,
  };
}

const NO_PARTIES: DeliveryParties = { app: null, client: null };

/** A page of the delivery log, each delivery naming its app and client. */
export function presentDeliveries(
  rows: readonly DeliveryRow[],
  parties: ReadonlyMap<string, DeliveryParties>,
  catalog: WebhookCatalog,
) {
  return rows.map((row) => presentDelivery(row, parties.get(row.uid) ?? NO_PARTIES, catalog));
}

export function presentAttempt(attempt: DeliveryAttemptRow): DeliveryAttempt {
  const reason = isAttemptFailureReason(attempt.reason) ? attempt.reason : null;
  const answered = attempt.status_code !== null && attempt.status_code >= 200 && attempt.status_code < 300;
  return {
    attempt_number: attempt.attempt_number,
    attempted_at: attempt.started_at,
    status_code: attempt.status_code,
    duration_ms: attempt.duration_ms,
    response_body: attempt.response_body,
    error: attempt.error,
    reason,
    outcome: answered
      ? `answered HTTP ${attempt.status_code}`
      : describeOutcome(attempt.status_code, reason, attempt.error),
  };
}

/** A delivery with its attempts, for the answers that show one delivery. */
export function presentDeliveryDetail(
  {
    delivery,
    attempts,
    parties,
  }: {
    delivery: DeliveryRow;
    attempts: DeliveryAttemptRow[];
    parties: DeliveryParties;
  },
  catalog: WebhookCatalog,
): DeliveryDetail {
  return { ...presentDelivery(delivery, parties, catalog), attempts: attempts.map(presentAttempt) };
}
