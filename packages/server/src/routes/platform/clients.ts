import { platform } from "@tandem/contract";
import type { FastifyRequest } from "fastify";
import {
  businessOfClient,
  clientOf,
  createClient,
  createMatter,
  listClients,
  listMatters,
} from "../../domain/clients.js";
import { notFound } from "../../errors.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { principalOf } from "../../http/authenticate.js";
import { actingBusiness, owningBusiness, requireScope } from "../../http/business-scope.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { pagination } from "../../http/schemas.js";
import { presentClient, presentMatter } from "../../presenters/client.js";

/** Clients and matters: the directory, or an app token with the business/clients scope. */
export function registerClientRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("directory", "app");
  const caller = (request: FastifyRequest) => {
    const principal = principalOf(request, "directory", "app");
    if (principal.kind === "app") requireScope(principal, "business/clients");
    return principal;
  };

  api.post(
    platform.createClient.path,
    { onRequest: guard, schema: routeSchema(platform.createClient) },
    async (request, reply) => {
      const businessUid = await actingBusiness(domain, request, caller(request), request.body.business_uid);
      const { client, matter } = await createClient(domain, businessUid, request.body);
      reply.status(201);
      return ok({ client: presentClient(client), matter: presentMatter(matter) });
    },
  );

  api.get(
    platform.listClients.path,
    { onRequest: guard, schema: routeSchema(platform.listClients) },
    async (request) => {
      const businessUid = await actingBusiness(domain, request, caller(request), request.query.business_uid);
      const { rows, total } = await listClients(domain, businessUid, {
        search: request.query.search_term,
        page: request.query.page ?? 1,
        perPage: request.query.per_page ?? 25,
      });
      return ok({ clients: rows.map(presentClient), pagination: pagination(request.query, total) });
    },
  );

  api.get(
    platform.getClient.path,
    { onRequest: guard, schema: routeSchema(platform.getClient) },
    async (request) => {
      const principal = caller(request);
      const businessUid = request.query.business_uid
        ? await actingBusiness(domain, request, principal, request.query.business_uid)
        : await clientBusiness(request, principal, request.params.uid);
      return ok({ client: presentClient(await clientOf(domain, businessUid, request.params.uid)) });
    },
  );

  /** A client uid names its business; one out of the caller's reach is "not found", like an unknown uid. */
  async function clientBusiness(
    request: FastifyRequest,
    principal: ReturnType<typeof caller>,
    clientUid: string,
  ): Promise<string> {
    return owningBusiness(domain, request, principal, await businessOfClient(domain, clientUid), () =>
      notFound("client", "client_uid"),
    );
  }

  api.post(
    platform.createMatter.path,
    { onRequest: guard, schema: routeSchema(platform.createMatter) },
    async (request, reply) => {
      const principal = caller(request);
      const businessUid = request.body.business_uid
        ? await actingBusiness(domain, request, principal, request.body.business_uid)
        : await clientBusiness(request, principal, request.params.client_uid);
      const matter = await createMatter(
        domain,
        businessUid,
        request.params.client_uid,
        request.body.display_name,
      );
      reply.status(201);
      return ok({ matter: presentMatter(matter) });
    },
  );

  api.get(
    platform.listMatters.path,
    { onRequest: guard, schema: routeSchema(platform.listMatters) },
    async (request) => {
      const businessUid = await clientBusiness(request, caller(request), request.params.client_uid);
      return ok({
        matters: (await listMatters(domain, businessUid, request.params.client_uid)).map(presentMatter),
      });
    },
  );
}
