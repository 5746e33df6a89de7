import type { AppCheckName, AppCheckOutcome, AppCheckResult } from "@tandem/contract";
import type { SendResult } from "../webhooks/sender.js";

/** What a wrong answer means, for each call that must be refused. */
const WRONGLY_ACCEPTED: Partial<Record<AppCheckName, string>> = {
  bad_signature: "accepted a call signed with another secret",
  no_signature: "accepted a call without signature headers",
  stale_timestamp: "accepted a call signed 10 minutes ago (a replayed capture)",
  altered_body: "accepted a body changed after it was signed",
};

const inClass = (status: number, expected: AppCheckResult["expected"]) =>
  expected === "2xx" ? status >= 200 && status < 300 : status >= 400 && status < 500;

/** One answer against what the check expects: its status first, then its time against Tandem's timeout. */
export function judge(
  check: AppCheckName,
  expected: AppCheckResult["expected"],
  result: SendResult,
  timeoutMs: number,
): { outcome: AppCheckOutcome; detail: string } {
  const status = result.statusCode;
  if (status === null) {
    return {
      outcome: "fail",
      detail:
        result.failure === "timeout"
          ? `no answer within Tandem's ${timeoutMs} ms timeout`
          : `no answer: ${result.error ?? result.failure ?? "unknown"}`,
    };
  }
  if (!inClass(status, expected)) {
    const detail =
      expected === "2xx"
        ? `answered ${status}: Tandem counts only a 2xx as delivered${status === 410 ? " (410 stops its retries)" : " and would retry"}`
        : status < 300
          ? `${WRONGLY_ACCEPTED[check] ?? "accepted a call it must refuse"} (answered ${status})`
          : `answered ${status}: a refused signature is a 4xx (401)`;
    return { outcome: "fail", detail };
  }
  const answered = `answered ${status} in ${result.durationMs} ms`;
  if (result.durationMs > timeoutMs) {
    return { outcome: "fail", detail: `${answered}, over Tandem's ${timeoutMs} ms timeout` };
  }
  if (result.durationMs > timeoutMs / 2) {
    return { outcome: "warn", detail: `${answered}, over half of Tandem's ${timeoutMs} ms timeout` };
  }
  return { outcome: "pass", detail: answered };
}
