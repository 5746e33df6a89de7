import type { FastifyInstance } from "fastify";
import type { OAuthServices } from "../../auth/oauth/services.js";
import type { Authenticator } from "../../http/authenticate.js";
import { registerProviderEndpoints } from "./endpoints.js";
import { registerInteractionPages } from "./interactions.js";
import { registerUserinfo } from "./userinfo.js";

// oidc-provider reads at most 56 KiB of form; nothing legitimate comes near it.
const BODY_LIMIT = 64 * 1024;

/**
 * OAuth 2.0 for apps (SPEC §3) on oidc-provider: its endpoints, Tandem's sign-in and consent pages,
 * and userinfo; its access tokens become app principals through the services' verifier.
 */
export async function registerOAuthRoutes(
  http: FastifyInstance,
  { services, auth }: { services: OAuthServices; auth: Authenticator },
): Promise<void> {
  auth.addVerifier(services.tokens);
  await http.register(async (oauth) => {
    // Fastify parses no body here: the handlers read the raw bytes (forms, JSON) themselves.
    oauth.removeAllContentTypeParsers();
    oauth.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    // The schemas here document the endpoints; oidc-provider checks requests itself and answers
    // errors as RFC 6749 writes them.
    oauth.setValidatorCompiler(() => () => true);
    await oauth.register(async (endpoints) => registerProviderEndpoints(endpoints, { services, auth }));
    await oauth.register(async (pages) => registerInteractionPages(pages, { services, auth }));
    await oauth.register(async (userinfo) => registerUserinfo(userinfo, { services, auth }));
  });
}
