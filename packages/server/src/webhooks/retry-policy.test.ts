import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEBHOOK_CATALOG } from "@tandem/contract";
import type { DeliveryRow } from "../storage/schema.js";
import type { AttemptResult } from "./outcomes.js";
import { classifyAttempt, judgeAttempt } from "./retry-policy.js";

const schedule = [0, 5, 300];

describe("judgeAttempt", () => {
  it("succeeds on any 2xx", () => {
    assert.deepEqual(judgeAttempt(204, 1, schedule, null), { kind: "succeeded" });
    assert.deepEqual(judgeAttempt(200, 3, schedule, null), { kind: "succeeded" });
  });

  it("stops at once on 410 Gone", () => {
    assert.equal(judgeAttempt(410, 1, schedule, null).kind, "failed");
  });

  it("retries 3xx, 4xx, 5xx and connection errors on the schedule, with ±10 % jitter", () => {
    for (const status of [302, 400, 500, null]) {
      assert.deepEqual(
        judgeAttempt(status, 2, schedule, null, () => 0),
        { kind: "retry", delayMs: 4500 },
      );
      assert.deepEqual(
        judgeAttempt(status, 2, schedule, null, () => 1),
        { kind: "retry", delayMs: 5500 },
      );
    }
    assert.deepEqual(
      judgeAttempt(500, 1, schedule, null, () => 0.5),
      { kind: "retry", delayMs: 0 },
    );
  });

  it("fails after the last scheduled retry", () => {
    assert.deepEqual(judgeAttempt(500, 4, schedule, null), {
      kind: "failed",
      reason: "no success after 4 attempts",
    });
  });

  it("honours Retry-After when it asks for longer, capped at a day", () => {
    assert.deepEqual(
      judgeAttempt(429, 1, schedule, 2_000, () => 0.5),
      { kind: "retry", delayMs: 2000 },
    );
    assert.deepEqual(
      judgeAttempt(429, 2, schedule, 1_000, () => 0.5),
      { kind: "retry", delayMs: 5000 },
    );
    assert.deepEqual(
      judgeAttempt(503, 1, schedule, 10 * 24 * 3600 * 1000, () => 0.5),
      { kind: "retry", delayMs: 24 * 3600 * 1000 },
    );
  });
});

describe("classifyAttempt", () => {
  const delivery = (fields: Partial<DeliveryRow> = {}): DeliveryRow => ({
    seq: 1,
    uid: "d1",
    app_id: "app",
    business_uid: "business",
    event: "message.created",
    method: "POST",
    path: "/messages",
    body: "{}",
    ordering_key: "session:s1",
    status: "delivering",
    attempt_count: 0,
    schedule_from: 0,
    next_attempt_at: "2026-01-01T00:00:00.000Z",
    lease_until: null,
    leased_by: null,
    last_status_code: null,
    last_error: null,
    last_reason: null,
    expires_at: null,
    target_url: null,
    subscription_uid: null,
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    completed_at: null,
    ...fields,
  });
  const result = (fields: Partial<AttemptResult>): AttemptResult => ({
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 0,
    statusCode: null,
    responseBody: null,
    retryAfterMs: null,
    error: null,
    reason: null,
    ...fields,
  });
  const tandemError = result({
    reason: "tandem_error",
    error: "Tandem could not sign this webhook: bad tag",
  });

  it("retries Tandem's own failure on the schedule, and fails it after the last retry", () => {
    assert.equal(classifyAttempt(delivery(), tandemError, schedule, WEBHOOK_CATALOG).kind, "retry");
    assert.equal(
      classifyAttempt(delivery({ attempt_count: 3 }), tandemError, schedule, WEBHOOK_CATALOG).kind,
      "failed",
    );
  });

  it("counts the schedule from where a retry by hand began it again", () => {
    assert.equal(
      classifyAttempt(
        delivery({ attempt_count: 3, schedule_from: 3 }),
        tandemError,
        schedule,
        WEBHOOK_CATALOG,
      ).kind,
      "retry",
    );
    assert.equal(
      classifyAttempt(
        delivery({ attempt_count: 6, schedule_from: 3 }),
        tandemError,
        schedule,
        WEBHOOK_CATALOG,
      ).kind,
      "failed",
    );
  });

  it("gives up at once where no retry can help: no address, or typing", () => {
    const noAddress = result({ reason: "no_destination", error: "the app has no api_uri" });
    assert.deepEqual(classifyAttempt(delivery(), noAddress, schedule, WEBHOOK_CATALOG), {
      kind: "failed",
      reason: "the app has no api_uri",
    });
    const typing = delivery({ event: "typing" });
    assert.equal(
      classifyAttempt(typing, result({ statusCode: 500, reason: "http_5xx" }), schedule, WEBHOOK_CATALOG)
        .kind,
      "failed",
    );
    assert.equal(
      classifyAttempt(typing, result({ statusCode: 204 }), schedule, WEBHOOK_CATALOG).kind,
      "succeeded",
    );
  });

  it("drops or retries by the catalog's rule for the kind, not by its name", () => {
    const failure = result({ statusCode: 500, reason: "http_5xx" });
    const retried = {
      ...WEBHOOK_CATALOG,
      typing: { ...WEBHOOK_CATALOG.typing, onFailure: "retry" as const },
    };
    assert.equal(classifyAttempt(delivery({ event: "typing" }), failure, schedule, retried).kind, "retry");
    const dropped = {
      ...WEBHOOK_CATALOG,
      "message.created": { ...WEBHOOK_CATALOG["message.created"], onFailure: "drop" as const },
    };
    assert.deepEqual(classifyAttempt(delivery(), failure, schedule, dropped), {
      kind: "failed",
      reason: "message.created events are not retried",
    });
    // A kind the catalog no longer lists keeps being retried: nothing says it may be dropped.
    assert.equal(classifyAttempt(delivery({ event: "gone.kind" }), failure, schedule, {}).kind, "retry");
  });
});
