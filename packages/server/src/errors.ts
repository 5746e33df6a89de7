/** Stable error codes of the API contract (SPEC §2). */
export type ErrorCode =
  | "missing_field"
  | "invalid"
  | "too_long"
  | "already_exists"
  | "duplicate"
  | "not_found"
  | "unauthorized"
  | "forbidden"
  | "conflict"
  | "rate_limited"
  | "unexpected";

export interface ErrorDetail {
  code: ErrorCode;
  field?: string;
  message: string;
  /** Extra facts a caller can act on, such as the uid of the record that already exists. */
  uid?: string;
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  missing_field: 422,
  invalid: 422,
  too_long: 422,
  already_exists: 422,
  duplicate: 422,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  unexpected: 500,
};

/** An error the API answers with as it is; anything else becomes a bare 500. */
export class AppError extends Error {
  readonly status: number;
  readonly details: ErrorDetail[];

  constructor(details: ErrorDetail | ErrorDetail[], status?: number) {
    const list = Array.isArray(details) ? details : [details];
    super(list.map((detail) => detail.message).join("; "));
    this.details = list;
    this.status = status ?? STATUS_BY_CODE[list[0]?.code ?? "unexpected"];
  }
}

export const invalid = (field: string, message: string) => new AppError({ code: "invalid", field, message });
export const missingField = (field: string) =>
  new AppError({ code: "missing_field", field, message: `${field} is required` });
export const notFound = (what: string, field?: string) =>
  new AppError({ code: "not_found", message: `${what} not found`, ...(field ? { field } : {}) });
export const unauthorized = (message = "a valid bearer token is required") =>
  new AppError({ code: "unauthorized", message });
export const forbidden = (message: string) => new AppError({ code: "forbidden", message });
export const conflict = (message: string, field?: string) =>
  new AppError({ code: "conflict", message, ...(field ? { field } : {}) });
