import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { createClient, createMatter, findClient, listClients, listMatters } from "../../domain/clients.js";
import { notFound } from "../../errors.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { principalOf } from "../../http/authenticate.js";
import { actingBusiness, owningBusiness, requireScope } from "../../http/business-scope.js";
import { ok } from "../../http/reply.js";
import { Contact, PageQuery, pagination, Text, Uid } from "../../http/schemas.js";
import { presentClient, presentMatter } from "../../presenters/client.js";

/** Clients and matters: the directory, or an app token with the business/clients scope. */
export function registerClientRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("directory", "app");
  const tags = ["clients"];
  const caller = (request: FastifyRequest) => {
    const principal = principalOf(request, "directory", "app");
    if (principal.kind === "app") requireScope(principal, "business/clients");
    return principal;
  };

  api.post(
    "/platform/v1/clients",
    {
      onRequest: guard,
      schema: { tags, body: Type.Composite([Type.Object({ business_uid: Type.Optional(Uid()) }), Contact]) },
    },
    async (request, reply) => {
      const businessUid = await actingBusiness(domain, request, caller(request), request.body.business_uid);
      const { client, matter } = await createClient(domain, businessUid, request.body);
      reply.status(201);
      return ok({ client: presentClient(client), matter: presentMatter(matter) });
    },
  );

  api.get(
    "/platform/v1/clients",
    {
      onRequest: guard,
      schema: {
        tags,
        querystring: Type.Object({
          business_uid: Type.Optional(Uid()),
          search_term: Type.Optional(Type.String({ maxLength: 255 })),
          ...PageQuery,
        }),
      },
    },
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
    "/platform/v1/clients/:uid",
    {
      onRequest: guard,
      schema: {
        tags,
        params: Type.Object({ uid: Uid() }),
        querystring: Type.Object({ business_uid: Type.Optional(Uid()) }),
      },
    },
    async (request) => {
      const principal = caller(request);
      const businessUid = request.query.business_uid
        ? await actingBusiness(domain, request, principal, request.query.business_uid)
        : await clientBusiness(request, principal, request.params.uid);
      return ok({ client: presentClient(await findClient(domain.db, businessUid, request.params.uid)) });
    },
  );

  /** A client uid names its business; one out of the caller's reach is "not found", like an unknown uid. */
  async function clientBusiness(
    request: FastifyRequest,
    principal: ReturnType<typeof caller>,
    clientUid: string,
  ): Promise<string> {
    const row = await domain.db
      .selectFrom("clients")
      .select("business_uid")
      .where("uid", "=", clientUid)
      .executeTakeFirst();
    return owningBusiness(domain, request, principal, row?.business_uid, () =>
      notFound("client", "client_uid"),
    );
  }

  const ContactParams = Type.Object({ client_uid: Uid("client uid") });
  api.post(
    "/business/clients/v1/contacts/:client_uid/matters",
    {
      onRequest: guard,
      schema: {
        tags,
        params: ContactParams,
        body: Type.Object({ display_name: Text(255), business_uid: Type.Optional(Uid()) }),
      },
    },
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
    "/business/clients/v1/contacts/:client_uid/matters",
    { onRequest: guard, schema: { tags, params: ContactParams } },
    async (request) => {
      const businessUid = await clientBusiness(request, caller(request), request.params.client_uid);
      return ok({
        matters: (await listMatters(domain, businessUid, request.params.client_uid)).map(presentMatter),
      });
    },
  );
}
