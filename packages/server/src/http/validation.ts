import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

const shared: Options = { allErrors: true, removeAdditional: true, useDefaults: true, strict: false };

function withFormats(ajv: Ajv): Ajv {
  addFormats.default(ajv);
  return ajv;
}

// Bodies are strict about types (a number where text belongs is an error, not a silent conversion);
// query strings and path parameters arrive as text and are converted.
const bodyAjv = withFormats(new Ajv({ ...shared, coerceTypes: false }));
const textAjv = withFormats(new Ajv({ ...shared, coerceTypes: "array" }));

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === "body" ? bodyAjv : textAjv;
  return ajv.compile(schema);
};
