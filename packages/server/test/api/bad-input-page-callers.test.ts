import { describe } from "node:test";
import { DIALECTS } from "../support/server.js";
import { serverWithWorld } from "../support/tenants.js";
import { wrongCallerTests } from "../support/wrong-callers.js";

/** Every page endpoint refuses a missing, forged or wrong-kind credential with 401, writing nothing. */
for (const dialect of DIALECTS) {
  describe(`page endpoints and the wrong callers, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    wrongCallerTests("page", server, world);
  });
}
