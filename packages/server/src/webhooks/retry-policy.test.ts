import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { judgeAttempt } from "./retry-policy.js";

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
