import { type Static, Type } from "@sinclair/typebox";
import { Nullable, OneOf } from "./common.js";

/*
 * The report of an app check: Tandem played against an app's webhook endpoint, as `tandem
 * check-app` prints it (`--json`) and the settings page's "Check this app" shows it.
 */

/** The calls made of each webhook kind, in the order they are made. */
export const APP_CHECK_NAMES = [
  "signed",
  "replay",
  "bad_signature",
  "no_signature",
  "stale_timestamp",
  "altered_body",
] as const;
export const AppCheckName = OneOf(
  APP_CHECK_NAMES,
  "signed: a valid call; replay: the same webhook-id again; the rest: a signature that must be refused",
);
export type AppCheckName = Static<typeof AppCheckName>;

export const APP_CHECK_OUTCOMES = ["pass", "warn", "fail", "skip"] as const;
export const AppCheckOutcome = OneOf(
  APP_CHECK_OUTCOMES,
  "warn: right answer, over half of Tandem's timeout; skip: not made (a replay of a call the app did not accept; the calls of a kind whose signed call got no answer; every call after two in a row got none)",
);
export type AppCheckOutcome = Static<typeof AppCheckOutcome>;

export const AppCheckResult = Type.Object(
  {
    kind: Type.String({ description: "the webhook kind of the catalog, e.g. message.created" }),
    check: AppCheckName,
    method: OneOf(["POST", "PUT"] as const),
    path: Type.String({ description: "under the app's api_uri" }),
    expected: OneOf(["2xx", "4xx"] as const),
    status: Nullable(Type.Integer({ description: "the app's answer; null when none came" })),
    duration_ms: Nullable(Type.Integer({ minimum: 0 })),
    outcome: AppCheckOutcome,
    detail: Type.String({ description: "what happened, in words: why a check failed or warned" }),
  },
  { title: "AppCheckResult" },
);
export type AppCheckResult = Static<typeof AppCheckResult>;

export const AppCheckReport = Type.Object(
  {
    api_uri: Type.String({ description: "the endpoint checked" }),
    timeout_ms: Type.Integer({
      minimum: 1,
      description: "Tandem's webhook timeout the answers were timed against",
    }),
    passed: Type.Boolean({ description: "no check failed (warnings do not fail an app)" }),
    counts: Type.Object({
      pass: Type.Integer({ minimum: 0 }),
      warn: Type.Integer({ minimum: 0 }),
      fail: Type.Integer({ minimum: 0 }),
      skip: Type.Integer({ minimum: 0 }),
    }),
    checks: Type.Array(AppCheckResult),
    notes: Type.Array(Type.String()),
  },
  { title: "AppCheckReport" },
);
export type AppCheckReport = Static<typeof AppCheckReport>;
