import { type Static, Type } from "@sinclair/typebox";
import { Nullable, OneOf } from "../common.js";
import { MESSAGE_STATUSES } from "../entities.js";

/* The pieces request schemas share; each operation's schema validates, types and documents it. */

export const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

/** An id in a request: opaque text. */
export const UidInput = (description = "uid") => Type.String({ minLength: 1, maxLength: 255, description });

/** An absolute http or https URL with a host (the `http-url` format: the server registers it). */
export const HttpUrl = (description = "an http or https URL") =>
  Type.String({ maxLength: 2048, format: "http-url", description });

export const Email = Type.String({
  minLength: 3,
  maxLength: 320,
  format: "email",
  description: "an email address",
});
export const Password = Type.String({ minLength: 8, maxLength: 200, description: "at least 8 characters" });

/** The page is capped so that its offset stays a small integer on both databases (1e20 overflowed them). */
export const MAX_PAGE = 1_000_000;

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
};

export const AttachmentsInput = Type.Array(
  Type.Object({
    url: HttpUrl(),
    content_type: Type.Optional(Type.String({ maxLength: 255 })),
    name: Type.Optional(Type.String({ maxLength: 255 })),
    size: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
  { maxItems: 20 },
);

export const ContactInput = Type.Object({
  first_name: Text(255),
  last_name: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  // Checked by the domain, not here: a message whose message_uid is a repeat is answered with the
  // first one even when its input no longer passes.
  email: Type.Optional(Nullable(Type.String({ maxLength: 320, description: "an email address" }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
});
export type ContactInput = Static<typeof ContactInput>;

export const OnBehalfOf = Type.Object({
  "x-on-behalf-of": Type.Optional(
    Type.String({ maxLength: 255, description: "the business an app-level or directory token acts on" }),
  ),
});

export const MessageStatusInput = OneOf(MESSAGE_STATUSES);

/** Message text: 1 to 10,000 characters, not only whitespace (SPEC §5). */
export const MESSAGE_MAX_LENGTH = 10_000;
export const MessageText = (description = "1 to 10,000 characters, not only whitespace") =>
  Type.String({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH, pattern: "\\S", description });
