import { type Static, type TSchema, Type } from "@sinclair/typebox";

/** Shared pieces of the request schemas; each route's schema validates, types and documents it. */
export const Uid = (description = "uid") => Type.String({ minLength: 1, maxLength: 255, description });
export const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An absolute http or https URL with a host (the `http-url` format is registered in validation.ts). */
export const HttpUrl = (description = "an http or https URL") =>
  Type.String({ maxLength: 2048, format: "http-url", description });

// The page is capped so that its offset stays a small integer on both databases (1e20 overflowed them).
export const MAX_PAGE = 1_000_000;

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
};

export const pagination = (query: { page?: number; per_page?: number }, total: number) => ({
  page: query.page ?? 1,
  per_page: query.per_page ?? 25,
  total,
});

export const Attachments = Type.Array(
  Type.Object({
    url: HttpUrl(),
    content_type: Type.Optional(Type.String({ maxLength: 255 })),
    name: Type.Optional(Type.String({ maxLength: 255 })),
    size: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
  { maxItems: 20 },
);

export const Contact = Type.Object({
  first_name: Text(255),
  last_name: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
});
export type ContactInput = Static<typeof Contact>;

export const BusinessHeader = Type.Object({
  "x-on-behalf-of": Type.Optional(Type.String({ maxLength: 255 })),
});

/** A string from a fixed list: typed as the union, documented and validated as an enum. */
export const OneOf = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...(description ? { description } : {}) });

export const MessageStatusSchema = OneOf(["pending", "sent", "received", "read", "error", "unavailable"]);
