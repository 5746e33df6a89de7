import assert from "node:assert/strict";
import { test } from "node:test";
import { LIVE_EVENT_TYPES, WEBHOOK_CATALOG, WEBHOOK_EVENT_NAMES, webhookPath } from "../src/index.js";

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
