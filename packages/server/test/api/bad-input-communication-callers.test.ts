import { describe } from "node:test";
import { DIALECTS, serverWithWorld, wrongCallerTests } from "@tandem/test-support";

/** Every communication endpoint refuses a missing, forged or wrong-kind credential with 401, writing nothing. */
for (const dialect of DIALECTS) {
  describe(`communication endpoints and the wrong callers, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    wrongCallerTests("communication", server, world);
  });
}
