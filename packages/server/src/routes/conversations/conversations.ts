import { conversations } from "@tandem/contract";
import { upsertConversation } from "../../domain/integrations/upsert.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { presentClient } from "../../presenters/client.js";
import { presentThreadEntry } from "../../presenters/message.js";
import { integrationAt } from "./guard.js";

/** Upsert-and-send: the integration's one call to reach a client by phone or email. */
export function registerIntegrationConversationRoutes(api: Api, { domain, auth }: RouteDeps): void {
  api.post(
    conversations.upsertConversation.path,
    { onRequest: auth.require("app"), schema: routeSchema(conversations.upsertConversation) },
    async (request, reply) => {
      const integration = await integrationAt(domain, request, request.body.business_uid);
      const result = await upsertConversation(domain, integration, request.body);
      reply.status(result.created ? 201 : 200);
      return ok({
        client: presentClient(result.client),
        channel: result.entries[0]?.channel ?? null,
        messages: result.entries.map(presentThreadEntry),
      });
    },
  );
}
