import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DELIVERY_CATALOG,
  INTEGRATION_CATALOG,
  INTEGRATION_EVENT_NAMES,
  INTEGRATION_EVENT_PATTERNS,
  LIVE_EVENT_TYPES,
  subscribesTo,
  WEBHOOK_CATALOG,
  WEBHOOK_EVENT_NAMES,
  webhookPath,
} from "../src/index.js";

test("every catalog entry is named by its key and fills its path from named values", () => {
  for (const name of WEBHOOK_EVENT_NAMES) {
    const entry = WEBHOOK_CATALOG[name];
    assert.equal(entry.name, name);
    assert.match(entry.path, /^\//, `${name}: the path starts at the app's api_uri`);
    const names = [...entry.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "");
    const values = Object.fromEntries(names.map((value) => [value, `${value} with/slash`]));
    const path = webhookPath(entry.path, values);
    assert.doesNotMatch(path, /[{}]/, `${name}: every value filled`);
    for (const value of names) assert.ok(path.includes(encodeURIComponent(`${value} with/slash`)));
  }
});

test("a perishable kind is dropped, not retried; a retried kind lives until delivered", () => {
  for (const entry of Object.values(WEBHOOK_CATALOG)) {
    assert.equal(entry.onFailure === "drop", entry.lifetimeMs !== null, entry.name);
    if (entry.pageEvent) assert.ok(LIVE_EVENT_TYPES.includes(entry.pageEvent), entry.name);
  }
});

test("a path value that is missing is an error, not a literal {name} sent to the app", () => {
  assert.throws(() => webhookPath("/messages/{message_uid}", {}), /message_uid/);
});

test("integrations' kinds go to a subscription's target, ordered per conversation, retried, and none shares a name", () => {
  for (const [name, entry] of Object.entries(INTEGRATION_CATALOG)) {
    assert.equal(entry.name, name);
    assert.equal(entry.path, "", `${name}: posted to the target_url itself`);
    assert.equal(entry.orderedBy, "conversation", name);
    assert.equal(entry.onFailure, "retry", name);
    assert.ok(!(name in WEBHOOK_CATALOG), `${name} is no app webhook`);
  }
  assert.deepEqual(
    Object.keys(DELIVERY_CATALOG).sort(),
    [...Object.keys(WEBHOOK_CATALOG), ...Object.keys(INTEGRATION_CATALOG)].sort(),
  );
});

test("a subscription's names and groups take exactly the events below them", () => {
  assert.ok(subscribesTo("message", "message.created.client_to_business"));
  assert.ok(subscribesTo("message.created", "message.created.client_to_business"));
  assert.ok(subscribesTo("client.updated", "client.updated"));
  assert.ok(!subscribesTo("message.created", "message.updated.read"));
  assert.ok(!subscribesTo("message.create", "message.created.client_to_business"), "prefixes end at a dot");
  for (const name of INTEGRATION_EVENT_NAMES) assert.ok(INTEGRATION_EVENT_PATTERNS.includes(name));
  assert.ok(INTEGRATION_EVENT_PATTERNS.includes("message"));
  assert.ok(!INTEGRATION_EVENT_PATTERNS.includes("message.sent"));
});
