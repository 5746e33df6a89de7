import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FAILURES_PER_EMAIL, SIGN_IN_WINDOW_MS, SignInThrottle } from "./sign-in-throttle.js";

function throttleAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, throttle: new SignInThrottle(() => clock.now) };
}

describe("SignInThrottle", () => {
  it("lets an email fail its allowance, then refuses it until its window ends", () => {
    const { clock, throttle } = throttleAt();
    for (let failure = 0; failure < FAILURES_PER_EMAIL; failure++) {
      assert.equal(throttle.retryAfter("ada@example.com"), 0);
      throttle.attempted("ada@example.com");
    }
    assert.equal(throttle.retryAfter("ada@example.com"), SIGN_IN_WINDOW_MS / 1000);
    assert.equal(throttle.retryAfter("bob@example.com"), 0, "other emails are not held back");

    clock.now += SIGN_IN_WINDOW_MS - 60_000;
    assert.equal(throttle.retryAfter("ada@example.com"), 60);
    clock.now += 60_000;
    assert.equal(throttle.retryAfter("ada@example.com"), 0);
    throttle.attempted("ada@example.com");
    assert.equal(throttle.retryAfter("ada@example.com"), 0, "a new window counts from one");
  });

  it("forgets an email's failures when it signs in", () => {
    const { throttle } = throttleAt();
    for (let failure = 0; failure < FAILURES_PER_EMAIL - 1; failure++) throttle.attempted("ada@example.com");
    throttle.succeeded("ada@example.com");
    throttle.attempted("ada@example.com");
    assert.equal(throttle.retryAfter("ada@example.com"), 0);
  });
});
