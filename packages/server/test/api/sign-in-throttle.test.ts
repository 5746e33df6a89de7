import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createBusiness,
  DIALECTS,
  startServer,
  type TestBusiness,
  type TestServer,
} from "@tandem/test-support";
import { FAILURES_PER_EMAIL } from "../../src/auth/sign-in-throttle.js";

async function signIn(server: TestServer, email: string, password: string) {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { errors?: Array<{ code: string; message: string }> };
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body };
}

/** The page's sign-in holds back password guessing (the throttle is in memory: one dialect will do). */
describe("guessing a staff password", () => {
  let server: TestServer;
  let ada: TestBusiness;
  let bob: TestBusiness;

  before(async () => {
    server = await startServer({ dialect: DIALECTS[0] ?? "sqlite" });
    ada = await createBusiness(server);
    bob = await createBusiness(server);
  });
  after(() => server?.close());

  it("is refused with 429 and retry-after once an email failed too often, even with the right password", async () => {
    for (let guess = 0; guess < FAILURES_PER_EMAIL; guess++) {
      const wrong = await signIn(server, ada.adminEmail, `guess ${guess}`);
      assert.equal(wrong.status, 401);
    }
    const held = await signIn(server, ada.adminEmail.toUpperCase(), ada.adminPassword);
    assert.equal(held.status, 429, "the same email in other letter case is the same account");
    assert.equal(held.body.errors?.[0]?.code, "rate_limited");
    assert.match(
      held.body.errors?.[0]?.message ?? "",
      /Too many failed sign-ins\. Try again in 15 minutes\./,
    );
    assert.ok(Number(held.retryAfter) > 0 && Number(held.retryAfter) <= 15 * 60, `${held.retryAfter}`);

    const other = await signIn(server, bob.adminEmail, bob.adminPassword);
    assert.equal(other.status, 200, "another staff member signs in as usual");
  });

  it("counts guesses sent all at once before checking them: only the allowance is checked", async () => {
    const business = await createBusiness(server);
    const burst = await Promise.all(
      Array.from({ length: 3 * FAILURES_PER_EMAIL }, (_, guess) =>
        signIn(server, business.adminEmail, `burst ${guess}`),
      ),
    );
    const statuses = burst.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 401).length, FAILURES_PER_EMAIL, `${statuses}`);
    assert.equal(statuses.filter((status) => status === 429).length, 2 * FAILURES_PER_EMAIL);
  });

  it("forgets the failures of an email that signs in", async () => {
    const business = await createBusiness(server);
    for (let guess = 0; guess < FAILURES_PER_EMAIL - 1; guess++)
      assert.equal((await signIn(server, business.adminEmail, "nope")).status, 401);
    assert.equal((await signIn(server, business.adminEmail, business.adminPassword)).status, 200);
    assert.equal((await signIn(server, business.adminEmail, "nope")).status, 401);
    assert.equal((await signIn(server, business.adminEmail, business.adminPassword)).status, 200);
  });
});
