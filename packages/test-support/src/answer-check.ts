import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/**
 * Every answer a test receives through `call` is checked against what `/openapi.json` declares for
 * its operation and status, so the document cannot drift from the server: an answer of a status the
 * document does not list, or whose body its schema refuses, fails the test that received it.
 */

interface DocumentedOperation {
  pattern: RegExp;
  method: string;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addFormat("http-url", true);

const documents = new Map<string, Promise<DocumentedOperation[]>>();
const validators = new WeakMap<object, ValidateFunction>();

async function operationsOf(baseUrl: string): Promise<DocumentedOperation[]> {
  const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { responses: DocumentedOperation["responses"] }>>;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      pattern: new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`),
      method: method.toUpperCase(),
      responses: operation.responses,
    })),
  );
}

function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

export async function checkAnswer(
  baseUrl: string,
  method: string,
  path: string,
  status: number,
  contentType: string | null,
  text: string,
): Promise<void> {
  let operations = documents.get(baseUrl);
  if (!operations) {
    operations = operationsOf(baseUrl);
    documents.set(baseUrl, operations);
  }
  const pathOnly = path.split("?")[0] ?? path;
  const operation = (await operations).find(
    (candidate) => candidate.method === method && candidate.pattern.test(pathOnly),
  );
  // A path or method the API does not have (404, 405) is no operation's answer.
  if (!operation) return;
  const declared = operation.responses[String(status)];
  if (!declared) {
    throw new Error(
      `${method} ${path} answered ${status}, which /openapi.json does not declare for it: ${text}`,
    );
  }
  const schema = declared.content?.["application/json"]?.schema;
  if (!schema || text === "" || !contentType?.includes("application/json")) return;
  const validate = validatorFor(schema);
  if (!validate(JSON.parse(text))) {
    throw new Error(
      `${method} ${path} answered ${status} with a body its documented schema refuses: ` +
        `${ajv.errorsText(validate.errors)}\n${text.slice(0, 2000)}`,
    );
  }
}
