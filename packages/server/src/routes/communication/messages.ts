import { communication } from "@tandem/contract";
import { ingestMessage } from "../../domain/incoming-messages.js";
import { historyForApp, reportStatus } from "../../domain/messages.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { presentMessage } from "../../presenters/message.js";
import { scopeForChannel } from "./guard.js";

export function registerMessageRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("app", "directory");

  api.post(
    communication.createMessage.path,
    { onRequest: guard, schema: routeSchema(communication.createMessage) },
    async (request, reply) => {
      const scope = await scopeForChannel(domain, request, request.body.channel_uid);
      const { view, created } = await ingestMessage(domain, scope, request.body);
      reply.status(created ? 201 : 200);
      return ok({ message: presentMessage(view.message, view.externalUid) });
    },
  );

  api.put(
    communication.reportMessageStatus.path,
    { onRequest: guard, schema: routeSchema(communication.reportMessageStatus) },
    async (request) => {
      const view = await reportStatus(
        domain,
        await scopeForChannel(domain, request, request.body.channel_uid),
        request.params.message_uid,
        request.body,
      );
      return ok({ message: presentMessage(view.message, view.externalUid), applied: view.applied });
    },
  );

  api.get(
    communication.listMessages.path,
    { onRequest: guard, schema: routeSchema(communication.listMessages) },
    async (request) => {
      const scope = await scopeForChannel(domain, request, request.query.channel_uid);
      const { session, messages, hasMore } = await historyForApp(domain, scope, {
        ...request.query,
        limit: request.query.limit ?? 25,
      });
      return ok({
        messages: messages.map((message) => presentMessage(message, session.external_uid)),
        has_more: hasMore,
      });
    },
  );
}
