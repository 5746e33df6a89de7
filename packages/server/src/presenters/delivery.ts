import type { DeliveryAttemptRow, DeliveryRow } from "../storage/schema.js";
import { parseJson } from "./json.js";

export function presentDelivery(delivery: DeliveryRow) {
  return {
    uid: delivery.uid,
    webhook_id: `msg_${delivery.uid}`,
    app_id: delivery.app_id,
    business_uid: delivery.business_uid,
    event: delivery.event,
    method: delivery.method,
    path: delivery.path,
    payload: parseJson<unknown>(delivery.body, null),
    status: delivery.status,
    attempt_count: delivery.attempt_count,
    next_attempt_at: delivery.status === "pending" ? delivery.next_attempt_at : null,
    last_status_code: delivery.last_status_code,
    last_error: delivery.last_error,
    created_at: delivery.created_at,
    completed_at: delivery.completed_at,
  };
}

export function presentAttempt(attempt: DeliveryAttemptRow) {
  return {
    attempt_number: attempt.attempt_number,
    attempted_at: attempt.started_at,
    status_code: attempt.status_code,
    duration_ms: attempt.duration_ms,
    response_body: attempt.response_body,
    error: attempt.error,
  };
}
