import Provider, { type Configuration, errors, type KoaContextWithOIDC } from "oidc-provider";
import type { Logger } from "pino";
import type { Domain } from "../../domain/context.js";
import { staffPrincipal } from "../staff-principal.js";
import { type Clock, kyselyAdapter } from "./adapter.js";
import type { ClientDirectory } from "./clients.js";
import { cookieKeys, idTokenSigningKey } from "./keys.js";
import { errorPage } from "./pages.js";
import { INTERACTION_PATH, OAUTH_ROUTES, USERINFO_PATH } from "./paths.js";
import { SUPPORTED_SCOPES } from "./scopes.js";
import { isAdmin, staffAccount } from "./staff-accounts.js";
import { installTokenResponseExtras } from "./token-response.js";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const TTL_SECONDS = {
  AuthorizationCode: MINUTE,
  AccessToken: HOUR,
  ClientCredentials: HOUR,
  IdToken: HOUR,
  // Refresh tokens rotate on every use, so an app that refreshes at least monthly keeps its access.
  RefreshToken: 30 * DAY,
  // The grant is the installation's consent; it lasts as long as refresh tokens keep being used.
  Grant: 5 * 365 * DAY,
  Interaction: 30 * MINUTE,
  Session: HOUR,
} as const;

export interface OAuthProviderOptions {
  domain: Domain;
  clients: ClientDirectory;
  logger: Logger;
  /** What the refresh-token grace window is measured by. */
  now: Clock;
}

/**
 * Trusted apps skip the consent page (SPEC §3): their grant is made here, from the scopes the
 * request asks for, but only for an admin; anyone else gets the consent step, which refuses them.
 */
async function loadExistingGrant(ctx: KoaContextWithOIDC, options: OAuthProviderOptions) {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  const app = await options.clients.find(client.clientId);
  if (!app?.trusted || !(await isAdmin(options.domain.db, session.accountId))) return existing;
  const grant = existing ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope(ctx.oidc.requestParamOIDCScopes);
  await grant.save();
  return grant;
}

export function createOAuthProvider(options: OAuthProviderOptions): Provider {
  const { domain, clients, logger, now } = options;
  const { config, db } = domain;

  const configuration: Configuration = {
    adapter: kyselyAdapter(db, clients, now),
    findAccount: (_ctx, sub) => staffAccount(db, sub),
    claims: { openid: ["sub", "business_uid"] },
    scopes: SUPPORTED_SCOPES,
    responseTypes: ["code"],
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    clientDefaults: { id_token_signed_response_alg: "ES256" },
    // Tandem serves userinfo itself (see userinfo.ts), so discovery is told where.
    discovery: { userinfo_endpoint: `${config.publicUrl}${USERINFO_PATH}` },
    jwks: { keys: [idTokenSigningKey(config.secretKey)] },
    cookies: {
      keys: cookieKeys(config.secretKey, config.previousSecretKey),
      names: {
        session: "tandem_oauth_session",
        interaction: "tandem_oauth_interaction",
        resume: "tandem_oauth_resume",
      },
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId === client.clientId) return true;
          throw new errors.InvalidRequest("client is not authorized to revoke the presented token");
        },
      },
      // Tandem answers /oauth/userinfo itself, for service tokens and minted tokens too.
      userinfo: { enabled: false },
      // Tokens are plain bearer tokens checked by Tandem's verifier, which knows no proof-of-possession.
      dPoP: { enabled: false },
      resourceIndicators: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    pkce: { required: () => false },
    routes: OAUTH_ROUTES,
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    loadExistingGrant: (ctx) => loadExistingGrant(ctx, options),
    // Every token names its app, and a code-flow token the business of the staff member who installed it.
    extraTokenClaims: async (_ctx, token) => {
      const app = token.clientId ? await clients.find(token.clientId) : null;
      if (!app) return undefined;
      if (token.kind !== "AccessToken") return { app_id: app.id };
      const staff = await staffPrincipal(db, token.accountId);
      return { app_id: app.id, business_uid: staff?.businessUid ?? null };
    },
    // SPEC §3 answers every code exchange with a refresh token, `offline_access` or not.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    expiresWithSession: () => false,
    rotateRefreshToken: true,
    ttl: TTL_SECONDS,
    clientBasedCORS: () => false,
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = errorPage(out.error_description ?? out.error);
    },
  };

  const provider = new Provider(config.publicUrl, configuration);
  // Behind a TLS-terminating proxy the public URL is https while Tandem itself listens on http.
  provider.proxy = config.publicUrl.startsWith("https:");
  installTokenResponseExtras(provider, domain, logger);
  provider.on("server_error", (_ctx: KoaContextWithOIDC, error: Error) =>
    logger.error({ err: error }, "oauth server error"),
  );
  return provider;
}
