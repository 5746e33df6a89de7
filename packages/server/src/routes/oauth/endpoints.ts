import type { IncomingMessage } from "node:http";
import { oauth } from "@tandem/contract";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import { MINTED_APP_PREFIX, MINTED_STAFF_PREFIX } from "../../auth/api-tokens.js";
import { OAUTH_ROUTES } from "../../auth/oauth/paths.js";
import { formRequest } from "../../auth/oauth/provider-request.js";
import { appScopes } from "../../auth/oauth/scopes.js";
import type { OAuthServices } from "../../auth/oauth/services.js";
import {
  applyServiceScopes,
  authenticateClient,
  OAuthError,
  requestParams,
  serviceTokenParams,
} from "../../auth/oauth/token-requests.js";
import type { Authenticator } from "../../http/authenticate.js";
import { routeSchema } from "../../http/operation-schema.js";

export interface EndpointDeps {
  services: OAuthServices;
  /** Told of a minted token given up here, so that sockets opened with it close at once. */
  auth: Authenticator;
}

const isMintedToken = (token: string) =>
  token.startsWith(MINTED_APP_PREFIX) || token.startsWith(MINTED_STAFF_PREFIX);

/**
 * The endpoints oidc-provider answers, mounted on Fastify. Fastify parses no body here (the scope's
 * parser keeps the raw bytes); token requests are translated to the form oidc-provider reads, with
 * the client secret checked and swapped, then handed to `provider.callback()` on a hijacked reply.
 */
export function registerProviderEndpoints(scope: FastifyInstance, { services, auth }: EndpointDeps): void {
  const { provider, clients } = services;
  let callback: ReturnType<Provider["callback"]> | null = null;

  const handOff = async (
    request: FastifyRequest,
    reply: FastifyReply,
    raw: IncomingMessage = request.raw,
  ) => {
    callback ??= (await provider()).callback();
    const answer = callback;
    reply.hijack();
    reply.raw.setHeader("x-request-id", request.id);
    return new Promise<void>((resolve) => {
      reply.raw.once("close", resolve);
      answer(raw, reply.raw);
    });
  };

  /** A token-endpoint request as oidc-provider reads it: a form, with the stand-in client secret. */
  const translated = async (request: FastifyRequest, path: string, params: URLSearchParams) => {
    const app = await authenticateClient(clients, params, request.headers.authorization);
    if (app && params.get("grant_type") === "client_credentials") applyServiceScopes(params, app);
    return formRequest(request.raw, path, params);
  };

  const bodyParams = (request: FastifyRequest) =>
    requestParams(request.headers["content-type"], request.body);

  scope.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof OAuthError) {
      return reply
        .code(error.status)
        .headers({ "cache-control": "no-store", ...error.headers })
        .send({ error: error.code, error_description: error.description });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.code(status).send({ error: "invalid_request", error_description: error.message });
    }
    request.log.error({ err: error }, "unexpected OAuth error");
    return reply.code(500).send({ error: "server_error", error_description: "something went wrong" });
  });

  scope.get(
    OAUTH_ROUTES.authorization,
    { schema: routeSchema(oauth.oauthAuthorize) },
    async (request, reply) => {
      // Without a `scope`, the request asks for every scope the app was registered with.
      const url = new URL(request.raw.url ?? "/", "http://tandem.invalid");
      const clientId = url.searchParams.get("client_id");
      if (clientId && !url.searchParams.get("scope")) {
        const app = await clients.find(clientId);
        if (app) {
          url.searchParams.set("scope", appScopes(app).join(" "));
          request.raw.url = `${url.pathname}${url.search}`;
        }
      }
      return handOff(request, reply);
    },
  );
  scope.get(`${OAUTH_ROUTES.authorization}/:uid`, { schema: { hide: true } }, handOff);
  for (const metadata of [oauth.oauthOpenIdConfiguration, oauth.oauthServerMetadata, oauth.oauthJwks])
    scope.get(metadata.path, { schema: routeSchema(metadata) }, handOff);

  scope.post(OAUTH_ROUTES.token, { schema: routeSchema(oauth.oauthToken) }, async (request, reply) =>
    handOff(request, reply, await translated(request, OAUTH_ROUTES.token, bodyParams(request))),
  );

  scope.post(
    oauth.oauthServiceToken.path,
    { schema: routeSchema(oauth.oauthServiceToken) },
    async (request, reply) =>
      handOff(
        request,
        reply,
        await translated(request, OAUTH_ROUTES.token, serviceTokenParams(bodyParams(request))),
      ),
  );

  scope.post(OAUTH_ROUTES.revocation, { schema: routeSchema(oauth.oauthRevoke) }, async (request, reply) => {
    const params = bodyParams(request);
    const token = params.get("token") ?? "";
    if (!isMintedToken(token))
      return handOff(request, reply, await translated(request, OAUTH_ROUTES.revocation, params));
    // A minted token belongs to no OAuth client: holding it is enough to give it up.
    await authenticateClient(clients, params, request.headers.authorization);
    if (await services.revokeMinted(token)) auth.signInEnded({ kind: "bearer", value: token });
    return reply.code(200).header("cache-control", "no-store").send("");
  });
}
