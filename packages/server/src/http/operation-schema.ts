import { type Credential, ErrorEnvelope, errorStatuses, type Operation } from "@tandem/contract";

/** How each kind of credential is named in the OpenAPI document's security schemes. */
export const SECURITY_SCHEMES = {
  directoryToken: {
    type: "http",
    scheme: "bearer",
    description: "The directory token (TANDEM_DIRECTORY_TOKEN): the operator.",
  },
  appToken: {
    type: "http",
    scheme: "bearer",
    description: "An app's OAuth access token (business-bound or app-level) or a minted app token.",
  },
  staffToken: { type: "http", scheme: "bearer", description: "A minted staff token." },
  staffSession: {
    type: "apiKey",
    in: "cookie",
    name: "tandem_session",
    description: "The page's session cookie, set by POST /api/auth/login.",
  },
  oauthClient: {
    type: "http",
    scheme: "basic",
    description: "The app's client_id and client_secret (or as form fields).",
  },
} as const;

const SCHEME_OF: Record<Exclude<Credential, "none">, keyof typeof SECURITY_SCHEMES> = {
  directory: "directoryToken",
  app: "appToken",
  staff: "staffToken",
  staff_cookie: "staffSession",
  oauth_client: "oauthClient",
};

/** Any one of the credentials will do; none needed is an empty list. */
function security(credentials: readonly Credential[]) {
  return credentials.flatMap((credential) =>
    credential === "none" ? [] : [{ [SCHEME_OF[credential]]: [] as string[] }],
  );
}

type Part<O, K extends string> = O extends Record<K, infer S> ? S : undefined;

/**
 * A route's Fastify schema from its operation in the contract: the request parts validate and type
 * the handler's request, the answers (each success, and the error envelope for each client error)
 * type what it returns, and all of it documents the operation.
 */
export function routeSchema<const O extends Operation>(definition: O) {
  const errorBody = definition.errorBody ?? ErrorEnvelope;
  const errors = Object.fromEntries(errorStatuses(definition).map((status) => [status, errorBody]));
  const { body, params, querystring, headers } = definition;
  // Parts an operation does not take are left out, not set to undefined.
  return {
    operationId: definition.operationId,
    summary: definition.summary,
    ...(definition.description ? { description: definition.description } : {}),
    tags: [definition.tag],
    security: security(definition.credentials),
    ...(body ? { body } : {}),
    ...(params ? { params } : {}),
    ...(querystring ? { querystring } : {}),
    ...(headers ? { headers } : {}),
    response: { ...errors, ...definition.responses },
  } as {
    operationId: string;
    summary: string;
    tags: string[];
    security: Array<Record<string, string[]>>;
    body: Part<O, "body">;
    params: Part<O, "params">;
    querystring: Part<O, "querystring">;
    headers: Part<O, "headers">;
    response: O["responses"] & Record<ClientErrorStatus, typeof ErrorEnvelope>;
  };
}

type ClientErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 414 | 415 | 422 | 429;
