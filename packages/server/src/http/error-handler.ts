import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, type ErrorDetail } from "../errors.js";
import { isUniqueViolation } from "../storage/constraint-errors.js";
import { PathMethods } from "./path-methods.js";

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  /** The schema that failed (Ajv's `verbose`): its description says what was expected. */
  parentSchema?: { description?: unknown };
}

/** `/metadata/name` → `metadata.name`; the body part is implied, query and params keep no prefix. */
function fieldName(issue: AjvIssue): string {
  const path = issue.instancePath.replace(/^\//, "").replaceAll("/", ".");
  const missing = typeof issue.params.missingProperty === "string" ? issue.params.missingProperty : null;
  if (missing) return path ? `${path}.${missing}` : missing;
  return path || "body";
}

export function detailFromAjv(issue: AjvIssue): ErrorDetail {
  const field = fieldName(issue);
  switch (issue.keyword) {
    case "required":
      return { code: "missing_field", field, message: `${field} is required` };
    case "maxLength":
    case "maxItems":
      return { code: "too_long", field, message: `${field} ${issue.message ?? "is too long"}` };
    case "minLength":
      return issue.params.limit === 1
        ? { code: "missing_field", field, message: `${field} must not be empty` }
        : { code: "invalid", field, message: `${field} ${issue.message ?? "is too short"}` };
    case "enum": {
      const allowed = Array.isArray(issue.params.allowedValues) ? issue.params.allowedValues.join(", ") : "";
      return { code: "invalid", field, message: `${field} must be one of: ${allowed}` };
    }
    case "format":
    case "pattern": {
      const expected = issue.parentSchema?.description;
      if (typeof expected === "string")
        return { code: "invalid", field, message: `${field} must be ${expected}` };
      return { code: "invalid", field, message: `${field} ${issue.message ?? "is invalid"}` };
    }
    default:
      return { code: "invalid", field, message: `${field} ${issue.message ?? "is invalid"}` };
  }
}

function dedupe(details: ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return details.filter((detail) => {
    const key = `${detail.code}:${detail.field}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const fail = (reply: FastifyReply, status: number, errors: ErrorDetail[]) =>
  reply.status(status).send({ success: false, errors });

/**
 * The longest path parameter the router hands on (its default, 100, is shorter than a 255-character
 * `message_uid`, even before percent-encoding); each route's schema then sets the real limit.
 */
export const MAX_PATH_PARAM_LENGTH = 1024;

/** The router's own refusals (an undecodable or over-long path) in the same envelope as the rest. */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // These replies skip the hooks, so the request id is set here.
  reply.header("x-request-id", request.id);
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    fail(reply, 414, [{ code: "too_long", field: "path", message: "a part of the path is too long" }]);
    return;
  }
  fail(reply, 400, [{ code: "invalid", field: "path", message: "the path is not a valid URL" }]);
}

/**
 * One place turns every failure into the error envelope; nothing internal ever reaches a caller.
 * Installed before any route, so that it learns every path's methods.
 */
export function installErrorHandler(app: FastifyInstance): void {
  const paths = new PathMethods();
  paths.watch(app);
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.status === 429) reply.header("retry-after", "1");
      return fail(reply, error.status, error.details);
    }
    if (error.validation) {
      return fail(reply, 422, dedupe((error.validation as AjvIssue[]).map(detailFromAjv)));
    }
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return fail(reply, 415, [{ code: "invalid", field: "content-type", message: "send application/json" }]);
    }
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return fail(reply, 413, [
        { code: "too_long", field: "body", message: "the request body is too large" },
      ]);
    }
    if (error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || error.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
      return fail(reply, 400, [{ code: "invalid", field: "body", message: "the body is not valid JSON" }]);
    }
    if (error.statusCode === 429) {
      return fail(reply, 429, [{ code: "rate_limited", message: "too many requests" }]);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return fail(reply, error.statusCode, [{ code: "invalid", message: error.message }]);
    }
    if (isUniqueViolation(error)) {
      // Two concurrent writes of the same thing: the loser is told to look again, not a 500.
      return fail(reply, 409, [
        { code: "conflict", message: "a concurrent request wrote the same record; retry" },
      ]);
    }
    request.log.error({ err: error }, "unexpected error");
    return fail(reply, 500, [
      { code: "unexpected", message: "something went wrong; the request id is in the logs" },
    ]);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const allowed = paths.allowedAt(path);
    if (allowed.length > 0) {
      reply.header("allow", allowed.join(", "));
      return fail(reply, 405, [
        {
          code: "invalid",
          field: "method",
          message: `${request.method} is not allowed on ${path}; it allows ${allowed.join(", ")}`,
        },
      ]);
    }
    return fail(reply, 404, [{ code: "not_found", message: `no route ${request.method} ${path}` }]);
  });
}
