import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "../../errors.js";
import { checkTemplateBody, fillTemplate, templateVariables } from "./template-text.js";

describe("template text", () => {
  it("lists the variables in order of first use", () => {
    assert.deepEqual(templateVariables("Hi {{client.first_name}}, at {{ time }} ({{client.first_name}})"), [
      "client.first_name",
      "time",
    ]);
  });

  it("fills every variable", () => {
    assert.equal(
      fillTemplate("Hi {{client.first_name}}, at {{ time }}", { "client.first_name": "Ada", time: "3 pm" }),
      "Hi Ada, at 3 pm",
    );
  });

  it("names each missing variable instead of sending braces", () => {
    assert.throws(
      () => fillTemplate("Hi {{client.first_name}} at {{time}}", { time: "3 pm" }, "messages[0].variables"),
      (error: unknown) =>
        error instanceof AppError &&
        error.status === 422 &&
        error.details.map((detail) => detail.field).join() === "messages[0].variables.client.first_name",
    );
  });

  it("refuses braces that name no variable", () => {
    assert.throws(() => checkTemplateBody("Hi {{ }}"), AppError);
    assert.throws(() => checkTemplateBody("Hi {{first name}}"), AppError);
    assert.throws(() => checkTemplateBody("Hi }}"), AppError);
    checkTemplateBody("Hi {{client.first_name}}, see you {{when}}");
  });
});
