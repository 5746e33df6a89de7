import type { TObject, TSchema } from "@sinclair/typebox";

/**
 * Who may call an operation: a bearer token of a kind, the page's session cookie, an OAuth client
 * authenticating itself (form fields or HTTP Basic), or anyone.
 */
export type Credential = "directory" | "app" | "staff" | "staff_cookie" | "oauth_client" | "none";

/**
 * One operation of Tandem's HTTP API, everything a server, a client or a document needs: where it
 * is, who may call it, what it takes and what it answers (each success status with its body; each
 * error status answers the error envelope).
 */
export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Fastify-style: `:name` for a path value. */
  path: string;
  credentials: readonly Credential[];
  params?: TObject;
  querystring?: TSchema;
  body?: TSchema;
  headers?: TObject;
  responses: Readonly<Record<number, TSchema>>;
  /** Error statuses it may answer (4xx), each with the error envelope. */
  errors: readonly number[];
}

export const operation = <const O extends Operation>(definition: O): O => definition;

/** The statuses every authenticated JSON operation may answer besides its own. */
export const AUTHENTICATED_ERRORS = [401, 403, 429] as const;
