/** The endpoints oidc-provider answers itself (SPEC §3); Tandem's own pages live under the interaction path. */
export const OAUTH_ROUTES = {
  authorization: "/app/oauth/authorize",
  token: "/oauth/token",
  revocation: "/oauth/revoke",
  jwks: "/oauth/jwks",
} as const;
export const INTERACTION_PATH = "/app/oauth/interaction";
export const USERINFO_PATH = "/oauth/userinfo";
