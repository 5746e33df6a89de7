import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FastifyRouteSchemaDef } from "fastify/types/schema.js";
import { compileValidatorsInBackground, uncompiledValidators, validatorCompiler } from "./validation.js";

const route = (schema: object, httpPart = "body") =>
  ({ schema, httpPart, method: "POST", url: "/test" }) as FastifyRouteSchemaDef<object>;

const schema = {
  type: "object",
  properties: { name: { type: "string", minLength: 2 } },
  required: ["name"],
};

describe("validators compiled after the start", () => {
  it("compiles a schema on its first use, and validates as before", () => {
    const before = uncompiledValidators();
    const validate = validatorCompiler(route(schema));
    assert.equal(uncompiledValidators(), before + 1);
    assert.equal(validate({ name: "Ada" }), true);
    assert.equal(uncompiledValidators(), before, "compiled by its first use");
    const refused = validate({ name: "A" }) as { error: Array<{ instancePath: string }> };
    assert.equal(refused.error[0]?.instancePath, "/name");
  });

  it("compiles the waiting ones in the background, a schema that fails included, without throwing", async () => {
    const validate = validatorCompiler(route(schema));
    validatorCompiler(route({ type: "no-such-type" }));
    compileValidatorsInBackground();
    const deadline = Date.now() + 5_000;
    while (uncompiledValidators() > 0 && Date.now() < deadline)
      await new Promise((resolve) => setImmediate(resolve));
    assert.equal(uncompiledValidators(), 0);
    assert.equal(validate({ name: "Grace" }), true);
  });
});
