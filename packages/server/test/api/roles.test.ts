import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { call, startServer, type TestServer } from "@tandem/test-support";
import { uncompiledValidators } from "../../src/http/validation.js";

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/**
 * A process's roles (`TANDEM_ROLES`): only one that serves the API compiles every route's
 * validator in the background after it starts listening; a worker-only one compiles a validator
 * when a request needs it, and validates that request all the same.
 */
describe("what a process compiles after it starts, by role", () => {
  const servers: TestServer[] = [];
  after(async () => {
    for (const server of servers) await server.close();
  });

  it("a worker-only process leaves the validators to the requests that need them", async () => {
    const server = await startServer({ dialect: "sqlite", env: { TANDEM_ROLES: "worker" } });
    servers.push(server);
    const waiting = uncompiledValidators();
    assert.ok(waiting > 0, "the routes' validators wait to be compiled");
    await settle();
    assert.equal(uncompiledValidators(), waiting);

    const refused = await call(
      server.url,
      "POST",
      "/platform/v1/apps",
      { name: 7 },
      {
        token: server.directoryToken,
      },
    );
    assert.equal(refused.status, 422);
    assert.ok(uncompiledValidators() < waiting, "compiled by the request that needed it");
  });

  it("a process serving the API compiles them all in the background", async () => {
    const server = await startServer({ dialect: "sqlite", env: { TANDEM_ROLES: "api" } });
    servers.push(server);
    const deadline = Date.now() + 10_000;
    while (uncompiledValidators() > 0 && Date.now() < deadline) await settle();
    assert.equal(uncompiledValidators(), 0);
  });
});
