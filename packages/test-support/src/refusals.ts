import assert from "node:assert/strict";
import { it } from "node:test";
import type { ErrorCode } from "@tandem/server/testing";
import type { Answer, JsonObject } from "./http.js";
import type { TestServer } from "./server.js";
import { settle } from "./tenants.js";

/** What a refused request must answer: the status, and an error with this code naming this field. */
export interface Refusal {
  status: number;
  code: ErrorCode;
  /** Left out where the error concerns no field (a missing token, say). */
  field?: string;
}

// Words that only internals would put in an error: SQL, stack frames, driver names.
const INTERNALS = /\bselect\b|\binsert\b|\bsqlite|\bpostgres|\bkysely|\bstack\b|\.ts:\d+|node_modules/i;

/** The error envelope of SPEC §2, with the expected code on the expected field, and nothing internal. */
export function assertRefused(answer: Answer, expected: Refusal): void {
  const shown = JSON.stringify(answer.body);
  assert.equal(answer.status, expected.status, shown);
  assert.equal(answer.body.success, false, shown);
  const errors: JsonObject[] = answer.body.errors;
  assert.ok(Array.isArray(errors) && errors.length > 0, `errors are listed: ${shown}`);
  for (const error of errors) {
    assert.equal(typeof error.code, "string", shown);
    assert.ok(
      typeof error.message === "string" && error.message.length > 0,
      `every error says why: ${shown}`,
    );
  }
  const match = errors.find(
    (error) =>
      error.code === expected.code && (expected.field === undefined || error.field === expected.field),
  );
  assert.ok(match, `expected ${expected.code} on ${expected.field ?? "(no field)"}, got ${shown}`);
  assert.doesNotMatch(shown, INTERNALS, "an error never shows internals");
}

// Every table a request can write, whole; the worker's own bookkeeping (attempts, an app's
// reachability) moves on by itself and is left out, so a refused request is compared only with itself.
const WHOLE_TABLES = [
  "businesses",
  "staff",
  "staff_sessions",
  "installations",
  "api_tokens",
  "clients",
  "matters",
  "channels",
  "sessions",
  "messages",
  "message_templates",
  "subscriptions",
  "upsert_requests",
] as const;

const sorted = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();

export async function databaseSnapshot(server: TestServer): Promise<Record<string, string[]>> {
  const db = server.tandem.storage.db;
  const snapshot: Record<string, string[]> = {};
  for (const table of WHOLE_TABLES)
    snapshot[table] = sorted(await db.selectFrom(table).selectAll().execute());
  snapshot.apps = sorted(
    (await db.selectFrom("apps").selectAll().execute()).map(
      ({ failing_since: _failing, unreachable: _unreachable, last_success_at: _success, ...app }) => app,
    ),
  );
  snapshot.deliveries = sorted(await db.selectFrom("deliveries").select(["uid", "status"]).execute());
  snapshot.page_events = sorted(await db.selectFrom("page_events").select("id").execute());
  return snapshot;
}

/** Sends a request that must be refused, and proves that it changed nothing in the database. */
export async function expectRefused(
  server: TestServer,
  send: () => Promise<Answer>,
  expected: Refusal,
): Promise<Answer> {
  // The worker moves deliveries on by itself; compare only once it holds still.
  await settle(server);
  const before = await databaseSnapshot(server);
  const answer = await send();
  assertRefused(answer, expected);
  assert.deepEqual(await databaseSnapshot(server), before, "a refused request writes nothing");
  return answer;
}

/** `it(title)` that expects a refusal with nothing written; the server is read when the test runs. */
export function refusalTests(server: () => TestServer) {
  return (title: string, send: () => Promise<Answer>, expected: Refusal) =>
    it(title, async () => {
      await expectRefused(server(), send, expected);
    });
}
