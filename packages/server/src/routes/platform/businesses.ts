import { platform } from "@tandem/contract";
import {
  addStaff,
  createBusiness,
  findBusiness,
  listBusinesses,
  listStaff,
} from "../../domain/businesses.js";
import { install, listInstallations, uninstall } from "../../domain/installations.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { pagination } from "../../http/schemas.js";
import { presentBusiness, presentStaff } from "../../presenters/business.js";
import { presentInstallation } from "../../presenters/installation.js";

export function registerBusinessRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const directory = auth.require("directory");

  api.post(
    platform.createBusiness.path,
    { onRequest: directory, schema: routeSchema(platform.createBusiness) },
    async (request, reply) => {
      const { business, staff } = await createBusiness(domain, request.body);
      reply.status(201);
      return ok({ business: presentBusiness(business), staff: presentStaff(staff) });
    },
  );

  api.get(
    platform.listBusinesses.path,
    { onRequest: directory, schema: routeSchema(platform.listBusinesses) },
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
    platform.getBusiness.path,
    { onRequest: directory, schema: routeSchema(platform.getBusiness) },
    async (request) => ok({ business: presentBusiness(await findBusiness(domain, request.params.uid)) }),
  );

  api.post(
    platform.addStaff.path,
    { onRequest: directory, schema: routeSchema(platform.addStaff) },
    async (request, reply) => {
      const staff = await addStaff(domain, request.params.uid, request.body);
      reply.status(201);
      return ok({ staff: presentStaff(staff) });
    },
  );

  api.get(
    platform.listStaff.path,
    { onRequest: directory, schema: routeSchema(platform.listStaff) },
    async (request) => ok({ staffs: (await listStaff(domain, request.params.uid)).map(presentStaff) }),
  );

  api.post(
    platform.installApp.path,
    { onRequest: directory, schema: routeSchema(platform.installApp) },
    async (request, reply) => {
      const { app, created } = await install(domain, request.params.uid, request.body.app_code_name);
      reply.status(created ? 201 : 200);
      return ok({
        installation: { business_uid: request.params.uid, app_id: app.id, app_code_name: app.code_name },
      });
    },
  );

  api.get(
    platform.listInstallations.path,
    { onRequest: directory, schema: routeSchema(platform.listInstallations) },
    async (request) => {
      const rows = await listInstallations(domain, request.params.uid);
      return ok({ installations: rows.map(presentInstallation) });
    },
  );

  api.delete(
    platform.uninstallApp.path,
    { onRequest: directory, schema: routeSchema(platform.uninstallApp) },
    async (request) => {
      await uninstall(domain, request.params.uid, request.params.app_code_name);
      return ok({});
    },
  );
}
