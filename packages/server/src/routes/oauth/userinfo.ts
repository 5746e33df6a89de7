import { oauth } from "@tandem/contract";
import type { FastifyInstance } from "fastify";
import { USERINFO_PATH } from "../../auth/oauth/paths.js";
import type { OAuthServices } from "../../auth/oauth/services.js";
import type { Authenticator } from "../../http/authenticate.js";
import { routeSchema } from "../../http/operation-schema.js";

export interface UserinfoDeps {
  services: OAuthServices;
  auth: Authenticator;
}

/**
 * `GET /oauth/userinfo`: who an app token is (SPEC §3), for code-flow, app-level and minted tokens
 * alike. Any other token, or none, is RFC 6750's invalid_token.
 */
export function registerUserinfo(scope: FastifyInstance, { services, auth }: UserinfoDeps): void {
  const { tokens } = services;
  scope.get(USERINFO_PATH, { schema: routeSchema(oauth.oauthUserinfo) }, async (request, reply) => {
    reply.header("cache-control", "no-store");
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1];
    const oauth = bearer ? await tokens.identify(bearer) : null;
    if (oauth) {
      return {
        ...(oauth.staffUid ? { sub: oauth.staffUid } : {}),
        app_id: oauth.appId,
        app_code_name: oauth.appCodeName,
        business_uid: oauth.businessUid,
        scopes: oauth.scopes,
      };
    }
    const minted = bearer ? await auth.identify(request, false) : null;
    if (minted?.principal.kind === "app") {
      const { appId, businessUid, scopes } = minted.principal;
      return {
        app_id: appId,
        app_code_name: await services.appCodeName(appId),
        business_uid: businessUid,
        scopes,
      };
    }
    return reply.code(401).header("www-authenticate", 'Bearer realm="tandem", error="invalid_token"').send({
      error: "invalid_token",
      error_description: "the access token is missing, invalid, expired or revoked",
    });
  });
}
