import type { ErrorDetail } from "@tandem/contract";

/** What Tandem answered when a call failed, every detail kept. */
export interface TandemErrorInit {
  status: number;
  code: string;
  message: string;
  field?: string | undefined;
  requestId?: string | undefined;
  errors?: ErrorDetail[];
  method: string;
  path: string;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/**
 * A call Tandem refused or could not answer. `status` is the HTTP status (0 when no answer came:
 * the network failed or the call timed out), `code` the first error's stable code (SPEC §2, or the
 * OAuth `error`), `field` the request field it names, `requestId` the `x-request-id` to quote to
 * the operator, and `errors` every detail Tandem gave.
 */
export class TandemError extends Error {
  override readonly name = "TandemError";
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly requestId: string | undefined;
  readonly errors: ErrorDetail[];
  readonly method: string;
  readonly path: string;
  /** From `retry-after` on 429 and 503: how long Tandem asked the caller to wait. */
  readonly retryAfterMs: number | undefined;

  constructor(init: TandemErrorInit) {
    super(`${init.method} ${init.path}: ${init.status || "no answer"} ${init.code}: ${init.message}`, {
      cause: init.cause,
    });
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.requestId = init.requestId;
    this.errors = init.errors ?? [{ code: init.code, message: init.message }];
    this.method = init.method;
    this.path = init.path;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** The uid of the thing that already exists, on 422 `already_exists` (an existing session). */
  get existingUid(): string | undefined {
    return this.errors.find((error) => error.uid)?.uid;
  }
}

const CODE_BY_STATUS: Record<number, string> = {
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  429: "rate_limited",
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The error details of an answer: Tandem's envelope, an OAuth error (RFC 6749), or whatever else came. */
export function errorDetailsOf(status: number, body: unknown): ErrorDetail[] {
  if (isRecord(body) && Array.isArray(body.errors)) {
    const details = body.errors.filter(
      (entry): entry is ErrorDetail =>
        isRecord(entry) && typeof entry.code === "string" && typeof entry.message === "string",
    );
    if (details.length > 0) return details;
  }
  if (isRecord(body) && typeof body.error === "string") {
    const description = typeof body.error_description === "string" ? body.error_description : body.error;
    return [{ code: body.error, message: description }];
  }
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? "unexpected" : "invalid");
  return [{ code, message: `HTTP ${status}` }];
}
