import { type Static, type TSchema, Type } from "@sinclair/typebox";

/** Opaque ids; channels, sessions and Tandem's own message uids are UUIDs (SPEC §2). */
export const Uid = (description = "uid") => Type.String({ minLength: 1, maxLength: 255, description });

/** ISO 8601 UTC on output. */
export const Timestamp = (description = "ISO 8601 UTC") => Type.String({ format: "date-time", description });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A string from a fixed list: typed as the union, documented and validated as an enum. */
export const OneOf = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...(description ? { description } : {}) });

/** The stable error codes of SPEC §2. */
export const ERROR_CODES = [
  "missing_field",
  "invalid",
  "too_long",
  "already_exists",
  "duplicate",
  "not_found",
  "unauthorized",
  "forbidden",
  "conflict",
  "rate_limited",
  "unexpected",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorDetail = Type.Object(
  {
    code: Type.String({ description: `one of ${ERROR_CODES.join(", ")}` }),
    field: Type.Optional(Type.String({ description: "the request field the error is about" })),
    message: Type.String(),
    uid: Type.Optional(Type.String({ description: "the existing thing, for already_exists" })),
  },
  { title: "ErrorDetail" },
);
export type ErrorDetail = Static<typeof ErrorDetail>;

/** Every error answer of the JSON APIs. */
export const ErrorEnvelope = Type.Object(
  { success: Type.Literal(false), errors: Type.Array(ErrorDetail, { minItems: 1 }) },
  {
    title: "ErrorEnvelope",
    description: "An error: each entry names its code and, when it has one, the field.",
  },
);
export type ErrorEnvelope = Static<typeof ErrorEnvelope>;

/** The success envelope: `{success: true, data}`. */
export const Success = <T extends TSchema>(data: T) => Type.Object({ success: Type.Literal(true), data });

export const Pagination = Type.Object(
  {
    page: Type.Integer({ minimum: 1 }),
    per_page: Type.Integer({ minimum: 1 }),
    total: Type.Integer({ minimum: 0 }),
  },
  { title: "Pagination" },
);
export type Pagination = Static<typeof Pagination>;
