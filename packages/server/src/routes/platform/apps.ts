import { platform } from "@tandem/contract";
import { createApp, deleteApp, findApp, listApps, rotateSecret, updateApp } from "../../domain/apps.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { pagination } from "../../http/schemas.js";
import { presentApp } from "../../presenters/app.js";

export function registerAppRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const directory = auth.require("directory");

  api.post(
    platform.createApp.path,
    { onRequest: directory, schema: routeSchema(platform.createApp) },
    async (request, reply) => {
      const { app, clientSecret, webhookSecret } = await createApp(domain, request.body);
      reply.status(201);
      return ok({ app: { ...presentApp(app), client_secret: clientSecret, webhook_secret: webhookSecret } });
    },
  );

  api.get(
    platform.listApps.path,
    { onRequest: directory, schema: routeSchema(platform.listApps) },
    async (request) => {
      const { rows, total } = await listApps(domain, request.query.page ?? 1, request.query.per_page ?? 25);
      return ok({ apps: rows.map(presentApp), pagination: pagination(request.query, total) });
    },
  );

  api.get(
    platform.getApp.path,
    { onRequest: directory, schema: routeSchema(platform.getApp) },
    async (request) => ok({ app: presentApp(await findApp(domain, request.params.app_id)) }),
  );

  api.put(
    platform.updateApp.path,
    { onRequest: directory, schema: routeSchema(platform.updateApp) },
    async (request) => ok({ app: presentApp(await updateApp(domain, request.params.app_id, request.body)) }),
  );

  api.delete(
    platform.deleteApp.path,
    { onRequest: directory, schema: routeSchema(platform.deleteApp) },
    async (request) => {
      await deleteApp(domain, request.params.app_id);
      return ok({});
    },
  );

  api.post(
    platform.rotateAppSecret.path,
    { onRequest: directory, schema: routeSchema(platform.rotateAppSecret) },
    async (request) => ok(await rotateSecret(domain, request.params.app_id, request.body.type)),
  );
}
