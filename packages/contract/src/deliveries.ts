import { type Static, Type } from "@sinclair/typebox";
import { Nullable, OneOf, Timestamp, Uid } from "./common.js";

/* The delivery log: every webhook delivery with its attempts (SPEC §4, §6). */

export const DELIVERY_STATUSES = ["pending", "delivering", "succeeded", "failed", "dropped"] as const;
export const DeliveryStatus = OneOf(DELIVERY_STATUSES, "the worker's own status");
export type DeliveryStatus = Static<typeof DeliveryStatus>;

/** Where a delivery stands for a reader: `retrying` is an open delivery whose attempt failed. */
export const DELIVERY_STATES = [
  "pending",
  "delivering",
  "retrying",
  "succeeded",
  "failed",
  "dropped",
] as const;
export const DeliveryState = OneOf(DELIVERY_STATES);
export type DeliveryState = Static<typeof DeliveryState>;

/** Why an attempt failed, as a small fixed set (the metric tandem_webhook_failed_attempts_total counts by it). */
export const ATTEMPT_FAILURE_REASONS = [
  "tandem_error",
  "no_destination",
  "unsafe_destination",
  "timeout",
  "connection",
  "http_3xx",
  "http_4xx",
  "http_5xx",
  "http_other",
] as const;
export const AttemptFailureReason = OneOf(ATTEMPT_FAILURE_REASONS);
export type AttemptFailureReason = Static<typeof AttemptFailureReason>;

export const DeliveryAttempt = Type.Object(
  {
    attempt_number: Type.Integer({ minimum: 1, description: "counts on across retries by hand" }),
    attempted_at: Timestamp(),
    status_code: Nullable(Type.Integer()),
    duration_ms: Type.Integer({ minimum: 0 }),
    response_body: Nullable(Type.String({ description: "the first 1 KB of the app's answer" })),
    error: Nullable(Type.String()),
    reason: Nullable(AttemptFailureReason),
    outcome: Type.String({ description: 'in words, e.g. "answered HTTP 500"' }),
  },
  { title: "DeliveryAttempt" },
);
export type DeliveryAttempt = Static<typeof DeliveryAttempt>;

export const Delivery = Type.Object(
  {
    uid: Uid(),
    webhook_id: Type.String({ description: "the webhook-id header, the same on every attempt" }),
    app_id: Type.String(),
    app: Nullable(Type.Object({ app_id: Type.String(), name: Type.String(), app_code_name: Type.String() })),
    business_uid: Uid(),
    client: Nullable(
      Type.Object({ client_uid: Uid(), display_name: Type.String() }, { description: "whom it concerns" }),
    ),
    event: Type.String({ description: "the event kind of the webhook catalog" }),
    label: Type.String({
      description: 'the catalog\'s name for the kind in the delivery log, e.g. "Message to send"',
    }),
    method: OneOf(["POST", "PUT"] as const),
    path: Type.String({ description: "under the app's api_uri (empty for an integration's event)" }),
    target_url: Nullable(Type.String({ description: "an integration's event: its subscription's target" })),
    subscription_uid: Nullable(Uid("an integration's event: its subscription")),
    payload: Type.Unknown({ description: "the body sent" }),
    status: DeliveryStatus,
    state: DeliveryState,
    summary: Type.String({ description: 'e.g. "Retrying — attempt 2 answered HTTP 500"' }),
    attempt_count: Type.Integer({ minimum: 0 }),
    last_attempt: Nullable(
      Type.Object({
        attempt_number: Type.Integer({ minimum: 1 }),
        status_code: Nullable(Type.Integer()),
        reason: Nullable(AttemptFailureReason),
        outcome: Type.String(),
      }),
    ),
    next_attempt_at: Nullable(Timestamp()),
    last_status_code: Nullable(Type.Integer()),
    last_error: Nullable(Type.String()),
    created_at: Timestamp(),
    completed_at: Nullable(Timestamp()),
  },
  { title: "Delivery" },
);
export type Delivery = Static<typeof Delivery>;

export const DeliveryDetail = Type.Composite(
  [Delivery, Type.Object({ attempts: Type.Array(DeliveryAttempt) })],
  {
    title: "DeliveryDetail",
  },
);
export type DeliveryDetail = Static<typeof DeliveryDetail>;
