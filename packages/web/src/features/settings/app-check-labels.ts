import type { AppCheckName, AppCheckOutcome, AppCheckReport } from "@tandem/contract";
import type { Tone } from "../../ui/StatusPill.tsx";

/** Each call of an app check, in words an admin reads. */
export const CHECK_LABEL: Record<AppCheckName, string> = {
  signed: "Signed call",
  replay: "Replay of it",
  bad_signature: "Wrong signature",
  no_signature: "No signature",
  stale_timestamp: "Signed 10 minutes ago",
  altered_body: "Body changed after signing",
};

export const OUTCOME: Record<AppCheckOutcome, { label: string; tone: Tone }> = {
  pass: { label: "Pass", tone: "good" },
  warn: { label: "Warn", tone: "warn" },
  fail: { label: "Fail", tone: "bad" },
  skip: { label: "Skip", tone: "neutral" },
};

/** The report's summary line: "30 checks: 24 passed, 0 warned, 6 failed, 0 skipped". */
export function checkSummary({ checks, counts }: AppCheckReport): string {
  return `${checks.length} checks: ${counts.pass} passed, ${counts.warn} warned, ${counts.fail} failed, ${counts.skip} skipped`;
}
