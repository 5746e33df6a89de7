/**
 * Why an attempt failed, as a small fixed set: the delivery log words each one, and the metric
 * `tandem_webhook_failed_attempts_total` counts by it.
 */
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

export type AttemptFailureReason = (typeof ATTEMPT_FAILURE_REASONS)[number];

export const isAttemptFailureReason = (value: string | null): value is AttemptFailureReason =>
  (ATTEMPT_FAILURE_REASONS as readonly string[]).includes(value ?? "");

/** The reason an HTTP answer that was not a 2xx stands for. */
export function reasonOfStatus(statusCode: number): AttemptFailureReason {
  if (statusCode >= 300 && statusCode < 400) return "http_3xx";
  if (statusCode >= 400 && statusCode < 500) return "http_4xx";
  if (statusCode >= 500 && statusCode < 600) return "http_5xx";
  return "http_other";
}

/** What an attempt came to, in words for the delivery log ("attempt 2 answered HTTP 500"). */
export function describeOutcome(
  statusCode: number | null,
  reason: string | null,
  error: string | null,
): string {
  if (statusCode !== null) return `answered HTTP ${statusCode}`;
  switch (reason) {
    case "timeout":
      return "timed out";
    case "connection":
      return `could not connect${error ? ` (${error})` : ""}`;
    case "unsafe_destination":
      return `was refused: the app's address is private${error ? ` (${error})` : ""}`;
    default:
      // Tandem's own failures and a missing api_uri are recorded in words already.
      return error ?? "failed";
  }
}
