import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Domain } from "../../domain/context.js";
import type { Authenticator } from "../../http/authenticate.js";
import type { Clock } from "./adapter.js";
import { ClientDirectory } from "./clients.js";
import { registerProviderEndpoints } from "./endpoints.js";
import { registerInteractionPages } from "./interactions.js";
import { lazyProvider } from "./lazy-provider.js";
import { registerUserinfo } from "./userinfo.js";
import { OAuthTokenVerifier } from "./verifier.js";

export interface OAuthOptions {
  domain: Domain;
  auth: Authenticator;
  logger: Logger;
  now: Clock;
}

// oidc-provider reads at most 56 KiB of form; nothing legitimate comes near it.
const BODY_LIMIT = 64 * 1024;

/**
 * OAuth 2.0 for apps (SPEC §3) on oidc-provider: its endpoints, Tandem's sign-in and consent pages,
 * userinfo, and the verifier that turns its access tokens into app principals.
 */
export async function registerOAuth(
  http: FastifyInstance,
  { domain, auth, logger, now }: OAuthOptions,
): Promise<void> {
  const clients = new ClientDirectory(domain.db, domain.config.secretKey);
  const provider = lazyProvider({ domain, clients, logger, now });
  const tokens = new OAuthTokenVerifier(provider, domain.apps);
  auth.addVerifier(tokens);

  await http.register(async (oauth) => {
    // Fastify parses no body here: the handlers read the raw bytes (forms, JSON) themselves.
    oauth.removeAllContentTypeParsers();
    oauth.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    // The schemas here document the endpoints; oidc-provider checks requests itself and answers
    // errors as RFC 6749 writes them.
    oauth.setValidatorCompiler(() => () => true);
    await oauth.register(async (endpoints) =>
      registerProviderEndpoints(endpoints, { provider, clients, db: domain.db, auth }),
    );
    await oauth.register(async (pages) =>
      registerInteractionPages(pages, { provider, clients, db: domain.db, auth }),
    );
    await oauth.register(async (userinfo) => registerUserinfo(userinfo, { tokens, auth, apps: domain.apps }));
  });
}
