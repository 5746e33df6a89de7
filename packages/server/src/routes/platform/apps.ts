import { Type } from "@sinclair/typebox";
import { createApp, deleteApp, findApp, listApps, rotateSecret, updateApp } from "../../domain/apps.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { ok } from "../../http/reply.js";
import { HttpUrl, Nullable, OneOf, PageQuery, pagination, Text, Uid } from "../../http/schemas.js";
import { presentApp } from "../../presenters/app.js";

const AppFields = {
  name: Text(255),
  app_type: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 10 }),
  redirect_uri: HttpUrl(),
  api_uri: Type.Optional(Nullable(HttpUrl())),
  trusted: Type.Optional(Type.Boolean()),
  url_params: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
  scopes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
  app_layer: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  open_channel: Type.Optional(Type.Boolean()),
  appen_channel: Type.Optional(Type.Boolean({ description: "older spelling of open_channel" })),
  app_code_name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
};
const AppParams = Type.Object({ app_id: Uid("app_id") });
const tags = ["platform: apps"];

export function registerAppRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const directory = auth.require("directory");

  api.post(
    "/platform/v1/apps",
    { onRequest: directory, schema: { tags, body: Type.Object(AppFields) } },
    async (request, reply) => {
      const { app, clientSecret, webhookSecret } = await createApp(domain, request.body);
      reply.status(201);
      return ok({ app: { ...presentApp(app), client_secret: clientSecret, webhook_secret: webhookSecret } });
    },
  );

  api.get(
    "/platform/v1/apps",
    { onRequest: directory, schema: { tags, querystring: Type.Object(PageQuery) } },
    async (request) => {
      const { rows, total } = await listApps(domain, request.query.page ?? 1, request.query.per_page ?? 25);
      return ok({ apps: rows.map(presentApp), pagination: pagination(request.query, total) });
    },
  );

  api.get(
    "/platform/v1/apps/:app_id",
    { onRequest: directory, schema: { tags, params: AppParams } },
    async (request) => ok({ app: presentApp(await findApp(domain, request.params.app_id)) }),
  );

  api.put(
    "/platform/v1/apps/:app_id",
    { onRequest: directory, schema: { tags, params: AppParams, body: Type.Partial(Type.Object(AppFields)) } },
    async (request) => ok({ app: presentApp(await updateApp(domain, request.params.app_id, request.body)) }),
  );

  api.delete(
    "/platform/v1/apps/:app_id",
    { onRequest: directory, schema: { tags, params: AppParams } },
    async (request) => {
      await deleteApp(domain, request.params.app_id);
      return ok({});
    },
  );

  api.post(
    "/platform/v1/apps/:app_id/secrets/rotate",
    {
      onRequest: directory,
      schema: {
        tags,
        params: AppParams,
        body: Type.Object({ type: OneOf(["client", "webhook"]) }),
      },
    },
    async (request) => ok(await rotateSecret(domain, request.params.app_id, request.body.type)),
  );
}
