import { type AppCheckReport, checkApp } from "../check-app/checks.js";
import { alignedTable } from "./output.js";
import { isHttpUrl, parseFlags, UsageError } from "./usage.js";

const DEFAULT_TIMEOUT_MS = 10_000;

interface CheckAppFlags {
  apiUri: string;
  secret: string;
  json: boolean;
  timeoutMs: number;
}

function positiveInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${name} is a whole number of milliseconds`);
  return Number(value);
}

export function parseCheckAppFlags(argv: string[], env = process.env): CheckAppFlags {
  const { flags: values } = parseFlags(argv, {
    "api-uri": { type: "string" },
    secret: { type: "string" },
    json: { type: "boolean" },
    "timeout-ms": { type: "string" },
  });
  const apiUri = values["api-uri"];
  if (typeof apiUri !== "string" || !isHttpUrl(apiUri)) {
    throw new UsageError("--api-uri is required: the app's http(s) URL, as registered with Tandem");
  }
  const secret = values.secret;
  if (typeof secret !== "string" || !/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) {
    throw new UsageError("--secret is required: the app's webhook secret, whsec_ then base64");
  }
  const timeout = values["timeout-ms"];
  // Tandem's own timeout, as the operator configured it, unless the flag says otherwise.
  const timeoutMs =
    typeof timeout === "string"
      ? positiveInteger("--timeout-ms", timeout)
      : env.TANDEM_WEBHOOK_TIMEOUT_MS
        ? positiveInteger("TANDEM_WEBHOOK_TIMEOUT_MS", env.TANDEM_WEBHOOK_TIMEOUT_MS)
        : DEFAULT_TIMEOUT_MS;
  return { apiUri, secret, json: values.json === true, timeoutMs };
}

/** The report as a table: one line per call, what was expected and what came back. */
export function reportTable(report: AppCheckReport): string {
  const header = ["kind", "check", "call", "expect", "answer", "ms", "result", "detail"];
  const rows = report.checks.map((check) => [
    check.kind,
    check.check,
    `${check.method} ${check.path}`,
    check.expected,
    check.status === null ? "-" : String(check.status),
    check.duration_ms === null ? "-" : String(check.duration_ms),
    check.outcome.toUpperCase(),
    check.outcome === "pass" ? "" : check.detail,
  ]);
  const { pass, warn, fail, skip } = report.counts;
  return [
    `tandem check-app ${report.api_uri} (timeout ${report.timeout_ms} ms)`,
    "",
    ...alignedTable(header, rows),
    "",
    `${report.checks.length} checks: ${pass} passed, ${warn} warned, ${fail} failed, ${skip} skipped — ${report.passed ? "the app conforms" : "the app does NOT conform"}`,
    ...report.notes.map((note) => `note: ${note}`),
  ].join("\n");
}

/** Runs the checks and prints the report; the exit code is 1 when a check failed. */
export async function runCheckApp(argv: string[]): Promise<number> {
  const flags = parseCheckAppFlags(argv);
  const report = await checkApp({
    apiUri: flags.apiUri,
    secret: flags.secret,
    timeoutMs: flags.timeoutMs,
    // The operator's own tool: an app on this machine or its network is what a developer checks first.
    allowPrivate: true,
  });
  process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : reportTable(report)}\n`);
  return report.passed ? 0 : 1;
}
