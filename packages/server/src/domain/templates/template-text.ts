import { AppError } from "../../errors.js";

/*
 * Template text: `{{name}}` marks a variable (letters, digits, `_` and dots: `client.first_name`,
 * `appointment_time`). Filling checks every one has a value first, so a message never goes out
 * with `{{…}}` in it.
 */

const VARIABLE = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** The variables a body uses, in order of first use. */
export function templateVariables(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((match) => match[1] ?? ""))];
}

/** A body whose every `{{` opens a variable; anything else would reach a client as it is. */
export function checkTemplateBody(body: string, field = "body"): void {
  const leftover = body.replace(VARIABLE, "");
  if (leftover.includes("{{") || leftover.includes("}}")) {
    throw new AppError({
      code: "invalid",
      field,
      message: "every {{ … }} must name a variable: letters, digits, _ and dots, e.g. {{client.first_name}}",
    });
  }
}

/** The body with each variable's value; a variable with no value is a 422 naming it. */
export function fillTemplate(
  body: string,
  values: Readonly<Record<string, string | null | undefined>>,
  field = "variables",
): string {
  const missing = templateVariables(body).filter((name) => typeof values[name] !== "string");
  if (missing.length > 0) {
    throw new AppError(
      missing.map((name) => ({
        code: "missing_field" as const,
        field: `${field}.${name}`,
        message: `the template needs a value for {{${name}}}`,
      })),
    );
  }
  return body.replace(VARIABLE, (_, name: string) => values[name] ?? "");
}
