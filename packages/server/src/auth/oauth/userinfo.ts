import { oauth } from "@tandem/contract";
import type { FastifyInstance } from "fastify";
import type { AppDirectory } from "../../domain/app-directory.js";
import type { Authenticator } from "../../http/authenticate.js";
import { routeSchema } from "../../http/operation-schema.js";
import { USERINFO_PATH } from "./paths.js";
import type { OAuthTokenVerifier } from "./verifier.js";

export interface UserinfoDeps {
  tokens: OAuthTokenVerifier;
  auth: Authenticator;
  apps: AppDirectory;
}

/**
 * `GET /oauth/userinfo`: who an app token is (SPEC §3), for code-flow, app-level and minted tokens
 * alike. Any other token, or none, is RFC 6750's invalid_token.
 */
export function registerUserinfo(scope: FastifyInstance, { tokens, auth, apps }: UserinfoDeps): void {
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
        app_code_name: await apps.codeName(appId),
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
