import { Type } from "@sinclair/typebox";
import { Nullable } from "../common.js";
import { operation } from "./operation.js";

/* OAuth 2.0 for apps (SPEC §3): answers and errors as RFC 6749 writes them, not the envelope. */

export const OAuthTokenAnswer = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal("Bearer"),
    expires_in: Type.Integer(),
    refresh_token: Type.Optional(Type.String()),
    scope: Type.Optional(Type.String()),
    created_at: Type.Optional(Type.Integer({ description: "seconds since the epoch" })),
  },
  { title: "OAuthTokenAnswer" },
);

export const OAuthErrorAnswer = Type.Object(
  { error: Type.String(), error_description: Type.Optional(Type.String()) },
  { title: "OAuthErrorAnswer" },
);

const TokenRequest = Type.Object({
  grant_type: Type.String({ description: "authorization_code, refresh_token or client_credentials" }),
  client_id: Type.Optional(Type.String()),
  client_secret: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  redirect_uri: Type.Optional(Type.String()),
  code_verifier: Type.Optional(Type.String({ description: "PKCE (S256)" })),
  refresh_token: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
});

export const oauthToken = operation({
  operationId: "oauthToken",
  summary: "Exchange a code, refresh a token, or get an app-level token",
  description:
    "Form or JSON; the client authenticates with client_id/client_secret fields or HTTP Basic. " +
    "A refresh token rotates; presented again within 60 s of its rotation it answers a valid pair, later it revokes the grant.",
  tag: "oauth",
  method: "POST",
  path: "/oauth/token",
  credentials: ["oauth_client"],
  body: TokenRequest,
  responses: { 200: OAuthTokenAnswer },
  errors: [400, 401],
  errorBody: OAuthErrorAnswer,
});

export const oauthServiceToken = operation({
  operationId: "oauthServiceToken",
  summary: "App-level token from {service_id, service_secret}",
  tag: "oauth",
  method: "POST",
  path: "/oauth/service/token",
  credentials: ["oauth_client"],
  body: Type.Object({ service_id: Type.String(), service_secret: Type.String() }),
  responses: { 200: OAuthTokenAnswer },
  errors: [400, 401],
  errorBody: OAuthErrorAnswer,
});

export const oauthRevoke = operation({
  operationId: "oauthRevoke",
  summary: "Revoke a token (RFC 7009)",
  tag: "oauth",
  method: "POST",
  path: "/oauth/revoke",
  credentials: ["oauth_client"],
  body: Type.Object({ token: Type.String(), token_type_hint: Type.Optional(Type.String()) }),
  responses: { 200: Type.Null({ description: "Revoked, or unknown: the answer is empty either way." }) },
  errors: [400, 401],
  errorBody: OAuthErrorAnswer,
});

export const oauthUserinfo = operation({
  operationId: "oauthUserinfo",
  summary: "Who an app token is",
  tag: "oauth",
  method: "GET",
  path: "/oauth/userinfo",
  credentials: ["app"],
  responses: {
    200: Type.Object({
      sub: Type.Optional(
        Type.String({ description: "the staff member who consented, for code-flow tokens" }),
      ),
      app_id: Type.String(),
      app_code_name: Type.String(),
      business_uid: Nullable(Type.String({ description: "null for an app-level token" })),
      scopes: Type.Array(Type.String()),
    }),
  },
  errors: [401],
  errorBody: OAuthErrorAnswer,
});

export const oauthAuthorize = operation({
  operationId: "oauthAuthorize",
  summary: "Ask a business to install the app (authorization code, optional PKCE S256)",
  description:
    "A staff admin signs in and consents (trusted apps skip consent); Tandem then redirects to " +
    "redirect_uri with a single-use code valid 60 s and the state.",
  tag: "oauth",
  method: "GET",
  path: "/app/oauth/authorize",
  credentials: ["none"],
  querystring: Type.Object({
    response_type: Type.Literal("code"),
    client_id: Type.String(),
    redirect_uri: Type.String(),
    state: Type.Optional(Type.String()),
    scope: Type.Optional(
      Type.String({ description: "space-separated; every scope the app registered when absent" }),
    ),
    code_challenge: Type.Optional(Type.String()),
    code_challenge_method: Type.Optional(Type.Literal("S256")),
  }),
  responses: {
    303: Type.Null({
      description: "To the sign-in and consent pages, then to redirect_uri with code and state.",
    }),
  },
  errors: [400],
  errorBody: Type.String({ description: "an HTML page saying what is wrong with the request" }),
});

const ServerMetadata = Type.Object(
  { issuer: Type.String(), token_endpoint: Type.String() },
  { additionalProperties: true, description: "RFC 8414 metadata" },
);

export const oauthOpenIdConfiguration = operation({
  operationId: "oauthOpenIdConfiguration",
  summary: "OpenID Connect discovery",
  tag: "oauth",
  method: "GET",
  path: "/.well-known/openid-configuration",
  credentials: ["none"],
  responses: { 200: ServerMetadata },
  errors: [],
});

export const oauthServerMetadata = operation({
  operationId: "oauthServerMetadata",
  summary: "OAuth 2.0 authorization server metadata (RFC 8414)",
  tag: "oauth",
  method: "GET",
  path: "/.well-known/oauth-authorization-server",
  credentials: ["none"],
  responses: { 200: ServerMetadata },
  errors: [],
});

export const oauthJwks = operation({
  operationId: "oauthJwks",
  summary: "The authorization server's public keys",
  tag: "oauth",
  method: "GET",
  path: "/oauth/jwks",
  credentials: ["none"],
  responses: { 200: Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true })) }) },
  errors: [],
});
