import type Provider from "oidc-provider";
import type { AccessToken, KoaContextWithOIDC } from "oidc-provider";
import type { Logger } from "pino";
import type { Domain } from "../../domain/context.js";
import { installIn } from "../../domain/installations.js";

type ProviderMiddleware = Parameters<Provider["use"]>[0];
type ProviderContext = Parameters<ProviderMiddleware>[0];

/** oidc-provider sets `ctx.oidc` only on its own routes. */
function oidcOf(ctx: ProviderContext): KoaContextWithOIDC["oidc"] | undefined {
  return "oidc" in ctx ? (ctx as KoaContextWithOIDC).oidc : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** oidc-provider's detail (never shown) for a rotated refresh token presented again, after which it revokes the grant. */
const REUSED_REFRESH_TOKEN = "refresh token already used";
const GRANT_REVOKED_ON_REUSE =
  "the grant was revoked because a used refresh token was presented again after its grace window; " +
  "the business must authorize the app again";

/** The claims Tandem put on a token when it was issued (see extraTokenClaims). */
export function tokenBinding(extra: Record<string, unknown> | undefined) {
  const appId = typeof extra?.app_id === "string" ? extra.app_id : null;
  const businessUid = typeof extra?.business_uid === "string" ? extra.business_uid : null;
  return { appId, businessUid };
}

/** Exchanging a code installs the app on the business of the staff member who consented (SPEC §3). */
async function installFromCode(domain: Domain, accessToken: AccessToken): Promise<void> {
  const { appId, businessUid } = tokenBinding(accessToken.extra);
  if (!appId || !businessUid) throw new Error("a code-flow access token lacks its app or business");
  await domain.writer.run((context) => installIn(context, appId, businessUid));
}

/**
 * Runs around oidc-provider's token endpoint: after a successful answer it installs the app for a
 * code exchange, then adds `created_at` (seconds since the epoch) as SPEC §3 asks.
 */
function tokenResponseExtras(
  domain: Domain,
  logger: Logger,
  revokedOnReuse: WeakSet<object>,
): ProviderMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      // oidc-provider answers its own errors; this catches only what escapes it, so Koa never logs.
      logger.error({ err: error }, "oauth request failed");
      ctx.status = 500;
      ctx.body = { error: "server_error", error_description: "something went wrong" };
      return;
    }
    const oidc = oidcOf(ctx);
    if (oidc?.route !== "token" || !isRecord(ctx.body)) return;
    if (revokedOnReuse.has(ctx)) {
      // oidc-provider says only "grant request is invalid"; the app must learn the whole grant is gone.
      ctx.body = { ...ctx.body, error_description: GRANT_REVOKED_ON_REUSE };
      return;
    }
    if (ctx.status !== 200) return;
    const { AccessToken: accessToken, ClientCredentials: serviceToken } = oidc.entities;
    if (oidc.params?.grant_type === "authorization_code" && accessToken) {
      try {
        await installFromCode(domain, accessToken);
      } catch (error) {
        logger.error({ err: error }, "installing an app from an OAuth code failed");
        // The app never learns these tokens, so none may stay usable.
        await Promise.allSettled([accessToken.destroy(), oidc.entities.RefreshToken?.destroy()]);
        ctx.status = 500;
        ctx.body = { error: "server_error", error_description: "the app could not be installed; try again" };
        return;
      }
    }
    const issuedAt = accessToken?.iat ?? serviceToken?.iat ?? Math.floor(Date.now() / 1000);
    ctx.body = { ...ctx.body, created_at: issuedAt };
  };
}

/**
 * Installs the token endpoint's extras: the install on a code exchange, `created_at`, and an
 * error_description that tells an app its grant was revoked for a reused refresh token.
 */
export function installTokenResponseExtras(provider: Provider, domain: Domain, logger: Logger): void {
  const revokedOnReuse = new WeakSet<object>();
  provider.on("grant.error", (ctx: KoaContextWithOIDC, error: Error & { error_detail?: unknown }) => {
    if (error.error_detail !== REUSED_REFRESH_TOKEN) return;
    revokedOnReuse.add(ctx);
    // A reuse past the grace window may mean a leaked token: the operator hears of the revocation too.
    logger.warn(
      { clientId: ctx.oidc.client?.clientId },
      "a used refresh token was presented again; grant revoked",
    );
  });
  provider.use(tokenResponseExtras(domain, logger, revokedOnReuse));
}
