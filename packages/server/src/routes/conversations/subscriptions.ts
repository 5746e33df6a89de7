import { conversations } from "@tandem/contract";
import {
  createSubscription,
  deleteSubscription,
  findSubscription,
  listSubscriptions,
} from "../../domain/integrations/subscriptions.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { presentSubscription } from "../../presenters/subscription.js";
import { integrationAt } from "./guard.js";

/** An integration's event subscriptions at a business that installed it. */
export function registerSubscriptionRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("app");

  api.post(
    conversations.createSubscription.path,
    { onRequest: guard, schema: routeSchema(conversations.createSubscription) },
    async (request, reply) => {
      const owner = await integrationAt(domain, request, request.body.business_uid);
      const subscription = await createSubscription(domain, owner, request.body);
      reply.status(201);
      return ok({ subscription: presentSubscription(subscription) });
    },
  );

  api.get(
    conversations.listSubscriptions.path,
    { onRequest: guard, schema: routeSchema(conversations.listSubscriptions) },
    async (request) => {
      const owner = await integrationAt(domain, request, request.query.business_uid);
      return ok({ subscriptions: (await listSubscriptions(domain, owner)).map(presentSubscription) });
    },
  );

  api.get(
    conversations.getSubscription.path,
    { onRequest: guard, schema: routeSchema(conversations.getSubscription) },
    async (request) => {
      const owner = await integrationAt(domain, request, request.query.business_uid);
      const subscription = await findSubscription(domain, owner, request.params.uid);
      return ok({ subscription: presentSubscription(subscription) });
    },
  );

  api.delete(
    conversations.deleteSubscription.path,
    { onRequest: guard, schema: routeSchema(conversations.deleteSubscription) },
    async (request) => {
      const owner = await integrationAt(domain, request, request.query.business_uid);
      const subscription = await deleteSubscription(domain, owner, request.params.uid);
      return ok({ subscription: presentSubscription(subscription) });
    },
  );
}
