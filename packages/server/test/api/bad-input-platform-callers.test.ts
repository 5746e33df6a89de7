import { describe } from "node:test";
import { DIALECTS } from "../support/server.js";
import { serverWithWorld } from "../support/tenants.js";
import { wrongCallerTests } from "../support/wrong-callers.js";

/** Every platform endpoint refuses a missing, forged or wrong-kind credential with 401, writing nothing. */
for (const dialect of DIALECTS) {
  describe(`platform endpoints and the wrong callers, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    wrongCallerTests("platform", server, world);
  });
}
