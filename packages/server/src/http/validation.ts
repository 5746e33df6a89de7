import { Ajv, type Options, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler, FastifySchemaValidationError } from "fastify";

// `verbose` keeps the failing schema on each error, so a message can quote the schema's description.
const shared: Options = {
  allErrors: true,
  removeAdditional: true,
  useDefaults: true,
  strict: false,
  verbose: true,
};

/** Nesting deeper than this is refused before anything walks the input recursively. */
export const MAX_INPUT_DEPTH = 32;

/** An absolute http(s) URL with a host, as the WHATWG URL parser (and so the webhook sender) reads it. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname !== "";
  } catch {
    return false;
  }
}

function withFormats(ajv: Ajv): Ajv {
  addFormats.default(ajv);
  ajv.addFormat("http-url", { type: "string", validate: isHttpUrl });
  return ajv;
}

// Bodies are strict about types (a number where text belongs is an error, not a silent conversion);
// query strings and path parameters arrive as text and are converted.
const bodyAjv = withFormats(new Ajv({ ...shared, coerceTypes: false }));
const textAjv = withFormats(new Ajv({ ...shared, coerceTypes: "array" }));

const issue = (keyword: string, instancePath: string, message: string): FastifySchemaValidationError => ({
  keyword,
  instancePath,
  schemaPath: "",
  params: {},
  message,
});

const pointerSegment = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

/**
 * What no schema keyword says, checked on every input: text holds no NUL character (PostgreSQL
 * cannot store one, so the two dialects would disagree) and nesting is bounded (JSON.stringify and
 * other recursive walks would overflow the stack). The walk is iterative for that same reason.
 */
function inputIssues(data: unknown): FastifySchemaValidationError[] {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [
    { value: data, path: "", depth: 0 },
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === "string" && value.includes("\u0000")) {
      return [issue("nul", path, "must not contain NUL characters")];
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      const topLevel = path.split("/").slice(0, 2).join("/");
      return [issue("depth", topLevel, `must not be nested more than ${MAX_INPUT_DEPTH} levels deep`)];
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${path}/${pointerSegment(key)}`;
      if (key.includes("\u0000")) return [issue("nul", childPath, "must not contain NUL characters")];
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return [];
}

/** Validators no request has needed yet; `compileValidatorsInBackground` compiles them. */
const uncompiled = new Set<() => ValidateFunction>();

/**
 * Each schema is compiled on its route's first request, or in the background once the server
 * listens, not at start: compiling every route's schemas was 265 of 1,780 ms of a cold start.
 */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  let validate: ValidateFunction | undefined;
  const compile = () => {
    uncompiled.delete(compile);
    validate ??= (httpPart === "body" ? bodyAjv : textAjv).compile(schema);
    return validate;
  };
  uncompiled.add(compile);
  return (data: unknown) => {
    const issues = inputIssues(data);
    if (issues.length > 0) return { error: issues };
    const check = validate ?? compile();
    return check(data) || { error: check.errors ?? [] };
  };
};

/**
 * Compiles the validators still waiting, one per turn of the event loop, so requests go between.
 * A schema that does not compile is left to its route's first request, which answers 500.
 */
export function compileValidatorsInBackground(): void {
  const [next] = uncompiled;
  if (!next) return;
  try {
    next();
  } catch {
    uncompiled.delete(next);
  }
  setImmediate(compileValidatorsInBackground).unref();
}

/** How many validators wait to be compiled: for tests. */
export const uncompiledValidators = () => uncompiled.size;
