import { platform } from "@tandem/contract";
import { mintTokenFor } from "../../domain/tokens.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";

/** `POST /platform/v1/tokens`: the directory mints an app token (for a business) or a staff token. */
export function registerTokenRoutes(api: Api, { domain, auth }: RouteDeps): void {
  api.post(
    platform.mintToken.path,
    { onRequest: auth.require("directory"), schema: routeSchema(platform.mintToken) },
    async (request, reply) => {
      const minted = await mintTokenFor(domain, request.body);
      reply.status(201);
      return ok({ ...minted, token_type: "Bearer" as const });
    },
  );
}
