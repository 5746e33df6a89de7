import { describe } from "node:test";
import { DIALECTS, serverWithWorld, wrongCallerTests } from "@tandem/test-support";

/** Every business-integration endpoint refuses a missing, forged or wrong-kind credential with 401, writing nothing. */
for (const dialect of DIALECTS) {
  describe(`business-integration endpoints and the wrong callers, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    wrongCallerTests("conversations", server, world);
  });
}
