import { randomBytes } from "node:crypto";
import {
  APP_CHECK_NAMES,
  type AppCheckName,
  type AppCheckOutcome,
  type AppCheckReport,
  type AppCheckResult,
  WEBHOOK_CATALOG,
  type WebhookCatalog,
  type WebhookKind,
} from "@tandem/contract";
import { uuidV7 } from "../uid.js";
import { type SendResult, WebhookSender } from "../webhooks/sender.js";
import { signatureHeaders } from "../webhooks/signing.js";
import { judge } from "./judgement.js";
import { alteredBody, type SampleCall, sampleCall } from "./sample-call.js";
import { StopRule, UNANSWERED_IN_A_ROW } from "./stop-rule.js";

export interface AppCheckOptions {
  /** The app's api_uri: each kind's path goes under it, as the delivery worker joins them. */
  apiUri: string;
  /** The app's webhook secrets (`whsec_…`) that sign each call: during a rotation, as the worker does, the new and the old. */
  secrets: readonly string[];
  /** Tandem's webhook timeout: an answer later than this fails, one later than half of it warns. */
  timeoutMs: number;
  /** Loopback and private addresses allowed (an operator checking a local app); else refused as the worker does. */
  allowPrivate: boolean;
  catalog?: WebhookCatalog;
}

const STALE_BY_MS = 10 * 60 * 1000;

export const REPLAY_NOTE =
  "replay: a 2xx shows the app accepts Tandem's retry of a webhook-id it has handled; whether it acted on it a second time cannot be seen from outside unless the app reports it.";

const EXPECTED: Record<AppCheckName, AppCheckResult["expected"]> = {
  signed: "2xx",
  replay: "2xx",
  bad_signature: "4xx",
  no_signature: "4xx",
  stale_timestamp: "4xx",
  altered_body: "4xx",
};

/** A well-formed secret nobody has: its signatures look right and match nothing. */
const strangerSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

interface PlannedCall {
  check: AppCheckName;
  headers: Record<string, string>;
  body: string;
}

/** A call signed now (or at `now`) with a webhook-id of its own, so that no refusal is a repeat. */
function signedCall(check: AppCheckName, secrets: readonly string[], body: string, now = Date.now()) {
  const webhookId = `msg_${uuidV7()}`;
  return { check, webhookId, headers: signatureHeaders(secrets, webhookId, body, now), body };
}

/** The calls of one kind that must be refused, one for each way a signature can be wrong. */
function refusedCalls(secrets: readonly string[], body: string): PlannedCall[] {
  const altered = JSON.stringify(alteredBody(JSON.parse(body) as Record<string, unknown>));
  return [
    signedCall("bad_signature", [strangerSecret()], body),
    { check: "no_signature", headers: {}, body },
    signedCall("stale_timestamp", secrets, body, Date.now() - STALE_BY_MS),
    { ...signedCall("altered_body", secrets, body), body: altered },
  ];
}

/**
 * Plays Tandem against an app's webhook endpoint: for every kind of the catalog, a signed call
 * with a made-up body, the same call refused for each way its signature can be wrong, and a replay
 * of the accepted one; each answer checked for its status and timed against Tandem's timeout.
 * Calls go one at a time, so that a slow answer is the app's and not the checker's. An app that
 * stops answering is called no more (`StopRule`): its calls left are reported `skip`, saying why.
 */
export async function checkApp(options: AppCheckOptions): Promise<AppCheckReport> {
  const apiUri = options.apiUri.replace(/\/+$/, "");
  const sender = new WebhookSender({ timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate });
  const stopRule = new StopRule();
  const checks: AppCheckResult[] = [];
  try {
    // Only the kinds posted under the app's api_uri: an integration's events go to its subscriptions' targets.
    const appKinds = Object.values(options.catalog ?? WEBHOOK_CATALOG).filter((kind) => kind.path !== "");
    for (const kind of appKinds) {
      const call = sampleCall(kind);
      const send = ({ headers, body }: Pick<PlannedCall, "headers" | "body">) =>
        sender.send({ url: `${apiUri}${call.path}`, method: call.method, headers, body });
      checks.push(...(await checkKind({ kind, call, send, stopRule, ...options })));
    }
  } finally {
    await sender.close();
  }
  const counts: Record<AppCheckOutcome, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of checks) counts[check.outcome] += 1;
  const stoppedEarly = checks.some((check) => check.detail === stopRule.givenUp) ? [STOPPED_EARLY_NOTE] : [];
  return {
    api_uri: apiUri,
    timeout_ms: options.timeoutMs,
    passed: counts.fail === 0,
    counts,
    checks,
    notes: [...stoppedEarly, REPLAY_NOTE],
  };
}

const STOPPED_EARLY_NOTE = `stopped early: ${UNANSWERED_IN_A_ROW} calls in a row got no answer, so the calls left were not made (skip). Check that the app runs and answers at its api_uri, then check again.`;

interface KindToCheck extends Pick<AppCheckOptions, "secrets" | "timeoutMs"> {
  kind: WebhookKind;
  call: SampleCall;
  send(planned: Pick<PlannedCall, "headers" | "body">): Promise<SendResult>;
  stopRule: StopRule;
}

/** One kind's calls in order: the signed one, its replay, the refusals; those the stop rule forbids, skipped. */
async function checkKind({ kind, call, send, stopRule, secrets, timeoutMs }: KindToCheck) {
  const results: AppCheckResult[] = [];
  const skip = (check: AppCheckName, reason: string) =>
    results.push(resultOf(kind, call, check, { skipped: reason }, timeoutMs));
  const make = async (check: AppCheckName, planned: Pick<PlannedCall, "headers" | "body">) => {
    const result = await send(planned);
    stopRule.note(result);
    results.push(resultOf(kind, call, check, result, timeoutMs));
    return result;
  };
  const makeUnlessGivenUp = async (check: AppCheckName, planned: Pick<PlannedCall, "headers" | "body">) => {
    const givenUp = stopRule.givenUp;
    if (givenUp) skip(check, givenUp);
    else await make(check, planned);
  };

  const givenUp = stopRule.givenUp;
  if (givenUp) {
    for (const check of APP_CHECK_NAMES) skip(check, givenUp);
    return results;
  }
  const body = JSON.stringify(call.body);
  const signed = signedCall("signed", secrets, body);
  const accepted = await make("signed", signed);
  const unanswered = stopRule.afterValidCall(accepted);
  if (unanswered) {
    for (const check of APP_CHECK_NAMES) if (check !== "signed") skip(check, unanswered);
    return results;
  }
  const status = accepted.statusCode;
  if (status !== null && status >= 200 && status < 300) {
    // Tandem's retry: the same webhook-id and body, signed afresh.
    await makeUnlessGivenUp("replay", { headers: signatureHeaders(secrets, signed.webhookId, body), body });
  } else skip("replay", "not replayed: the app did not accept the signed call");
  for (const planned of refusedCalls(secrets, body)) await makeUnlessGivenUp(planned.check, planned);
  return results;
}

function resultOf(
  kind: WebhookKind,
  call: SampleCall,
  check: AppCheckName,
  result: SendResult | { skipped: string },
  timeoutMs: number,
): AppCheckResult {
  const expected = EXPECTED[check];
  const base = { kind: kind.name, check, method: call.method, path: call.path, expected };
  if ("skipped" in result) {
    return { ...base, status: null, duration_ms: null, outcome: "skip", detail: result.skipped };
  }
  return {
    ...base,
    status: result.statusCode,
    duration_ms: result.durationMs,
    ...judge(check, expected, result, timeoutMs),
  };
}
