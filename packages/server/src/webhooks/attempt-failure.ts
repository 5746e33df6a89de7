import { ATTEMPT_FAILURE_REASONS, type AttemptFailureReason } from "@tandem/contract";

export type { AttemptFailureReason };

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
