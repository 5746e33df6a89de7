import { Type } from "@sinclair/typebox";
import {
  addStaff,
  createBusiness,
  findBusiness,
  listBusinesses,
  listStaff,
} from "../../domain/businesses.js";
import { install, listInstallations, uninstall } from "../../domain/installations.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { ok } from "../../http/reply.js";
import { OneOf, PageQuery, pagination, Text, Uid } from "../../http/schemas.js";
import { presentBusiness, presentStaff } from "../../presenters/business.js";
import { parseJson } from "../../presenters/json.js";

const Email = Type.String({ minLength: 3, maxLength: 320, format: "email", description: "an email address" });
const Password = Type.String({ minLength: 8, maxLength: 200, description: "at least 8 characters" });
const StaffFields = { email: Email, display_name: Text(255), password: Password };
const BusinessParams = Type.Object({ uid: Uid("business uid") });
const tags = ["platform: businesses"];

export function registerBusinessRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const directory = auth.require("directory");

  api.post(
    "/platform/v1/businesses",
    {
      onRequest: directory,
      schema: { tags, body: Type.Object({ name: Text(255), admin: Type.Object(StaffFields) }) },
    },
    async (request, reply) => {
      const { business, staff } = await createBusiness(domain, request.body);
      reply.status(201);
      return ok({ business: presentBusiness(business), staff: presentStaff(staff) });
    },
  );

  api.get(
    "/platform/v1/businesses",
    { onRequest: directory, schema: { tags, querystring: Type.Object(PageQuery) } },
    async (request) => {
      const { rows, total } = await listBusinesses(
        domain,
        request.query.page ?? 1,
        request.query.per_page ?? 25,
      );
      return ok({ businesses: rows.map(presentBusiness), pagination: pagination(request.query, total) });
    },
  );

  api.get(
    "/platform/v1/businesses/:uid",
    { onRequest: directory, schema: { tags, params: BusinessParams } },
    async (request) => ok({ business: presentBusiness(await findBusiness(domain, request.params.uid)) }),
  );

  api.post(
    "/platform/v1/businesses/:uid/staffs",
    {
      onRequest: directory,
      schema: {
        tags,
        params: BusinessParams,
        body: Type.Object({
          ...StaffFields,
          role: Type.Optional(OneOf(["admin", "staff"])),
        }),
      },
    },
    async (request, reply) => {
      const staff = await addStaff(domain, request.params.uid, request.body);
      reply.status(201);
      return ok({ staff: presentStaff(staff) });
    },
  );

  api.get(
    "/platform/v1/businesses/:uid/staffs",
    { onRequest: directory, schema: { tags, params: BusinessParams } },
    async (request) => ok({ staffs: (await listStaff(domain, request.params.uid)).map(presentStaff) }),
  );

  api.post(
    "/platform/v1/businesses/:uid/apps",
    {
      onRequest: directory,
      schema: { tags, params: BusinessParams, body: Type.Object({ app_code_name: Text(64) }) },
    },
    async (request, reply) => {
      const { app, created } = await install(domain, request.params.uid, request.body.app_code_name);
      reply.status(created ? 201 : 200);
      return ok({
        installation: { business_uid: request.params.uid, app_id: app.id, app_code_name: app.code_name },
      });
    },
  );

  api.get(
    "/platform/v1/businesses/:uid/apps",
    { onRequest: directory, schema: { tags, params: BusinessParams } },
    async (request) => {
      const rows = await listInstallations(domain, request.params.uid);
      return ok({
        installations: rows.map((row) => ({
          app_id: row.app_id,
          app_code_name: row.code_name,
          name: row.name,
          app_type: parseJson<string[]>(row.app_type, []),
          installed_at: row.created_at,
        })),
      });
    },
  );

  api.delete(
    "/platform/v1/businesses/:uid/apps/:app_code_name",
    { onRequest: directory, schema: { tags, params: Type.Object({ uid: Uid(), app_code_name: Text(64) }) } },
    async (request) => {
      await uninstall(domain, request.params.uid, request.params.app_code_name);
      return ok({});
    },
  );
}
