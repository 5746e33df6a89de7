import type { Static, TObject, TSchema } from "@sinclair/typebox";

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
  /** The body of its errors when it is not the error envelope (OAuth answers as RFC 6749 writes them). */
  errorBody?: TSchema;
}

export const operation = <const O extends Operation>(definition: O): O => definition;

/**
 * Every client error an operation may answer: its own, and those that follow from what it takes —
 * a body (which any but a GET may be sent) may be malformed (400), too large (413), of another type
 * (415) or, where the operation takes one, invalid (422); a path
 * value undecodable (400) or too long (414); a path or query value invalid (422); a credential
 * missing or of the wrong kind (401, 403), or used too often (429).
 */
export function errorStatuses(definition: Operation): number[] {
  const statuses = new Set<number>(definition.errors);
  // Any body sent is parsed, even to an operation that takes none.
  if (definition.method !== "GET" && !definition.credentials.includes("oauth_client")) {
    for (const status of [400, 413, 415]) statuses.add(status);
  }
  if (definition.body && !definition.credentials.includes("oauth_client")) statuses.add(422);
  if (definition.params || definition.querystring) statuses.add(422);
  // A path value that cannot be decoded, or is longer than any the router takes.
  if (definition.params) for (const status of [400, 414]) statuses.add(status);
  if (!definition.credentials.includes("none") && !definition.credentials.includes("oauth_client")) {
    for (const status of [401, 403, 429]) statuses.add(status);
  }
  return [...statuses].sort((a, b) => a - b);
}

/** An operation's answer of status `S` (200 unless given), as its schema types it. */
export type AnswerOf<
  O extends Operation,
  S extends keyof O["responses"] = 200,
> = O["responses"][S] extends TSchema ? Static<O["responses"][S]> : never;

/** The `data` of an operation's success answer. */
export type DataOf<O extends Operation, S extends keyof O["responses"] = 200> =
  AnswerOf<O, S> extends { data: infer Data } ? Data : never;

/** What an operation takes as its body. */
export type BodyOf<O extends Operation> = O extends { body: infer Body extends TSchema }
  ? Static<Body>
  : never;

/** What an operation takes as its query. */
export type QueryOf<O extends Operation> = O extends { querystring: infer Query extends TSchema }
  ? Static<Query>
  : never;
