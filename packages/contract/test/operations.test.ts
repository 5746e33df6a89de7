import assert from "node:assert/strict";
import { test } from "node:test";
import { errorStatuses, OPERATIONS } from "../src/index.js";

test("every operation has its own id and its own method and path", () => {
  const ids = OPERATIONS.map((operation) => operation.operationId);
  assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
  const routes = OPERATIONS.map((operation) => `${operation.method} ${operation.path}`);
  assert.equal(new Set(routes).size, routes.length, "method and path are unique");
});

test("every operation says who may call it, what it answers and which client errors it gives", () => {
  for (const operation of OPERATIONS) {
    assert.ok(operation.summary.length > 0, operation.operationId);
    assert.ok(operation.credentials.length > 0, operation.operationId);
    assert.ok(Object.keys(operation.responses).length > 0, operation.operationId);
    const errors = errorStatuses(operation);
    for (const status of errors) assert.ok(status >= 400 && status < 500, operation.operationId);
    const authenticated = !operation.credentials.includes("none");
    if (authenticated) assert.ok(errors.includes(401), `${operation.operationId} answers 401`);
    if (operation.body && operation.credentials[0] !== "oauth_client")
      assert.ok(errors.includes(422), `${operation.operationId} answers 422 on a bad body`);
  }
});
