import { conversations } from "@tandem/contract";
import { previewText } from "../../domain/templates/message-text.js";
import {
  createTemplate,
  deleteTemplate,
  listTemplates,
  templateOf,
  updateTemplate,
} from "../../domain/templates/templates.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { presentTemplate } from "../../presenters/template.js";
import { integrationAt } from "./guard.js";

/** The business's message templates, for integrations that installed it. */
export function registerIntegrationTemplateRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("app");

  api.get(
    conversations.listTemplates.path,
    { onRequest: guard, schema: routeSchema(conversations.listTemplates) },
    async (request) => {
      const { businessUid } = await integrationAt(domain, request, request.query.business_uid);
      return ok({ templates: (await listTemplates(domain, businessUid)).map(presentTemplate) });
    },
  );

  api.post(
    conversations.createTemplate.path,
    { onRequest: guard, schema: routeSchema(conversations.createTemplate) },
    async (request, reply) => {
      const { businessUid } = await integrationAt(domain, request, request.body.business_uid);
      const template = await createTemplate(domain, businessUid, request.body);
      reply.status(201);
      return ok({ template: presentTemplate(template) });
    },
  );

  api.post(
    conversations.previewTemplate.path,
    { onRequest: guard, schema: routeSchema(conversations.previewTemplate) },
    async (request) => {
      const { businessUid } = await integrationAt(domain, request, request.body.business_uid);
      return ok(await previewText(domain, businessUid, request.body));
    },
  );

  api.get(
    conversations.getTemplate.path,
    { onRequest: guard, schema: routeSchema(conversations.getTemplate) },
    async (request) => {
      const { businessUid } = await integrationAt(domain, request, request.query.business_uid);
      return ok({
        template: presentTemplate(await templateOf(domain, businessUid, request.params.uid)),
      });
    },
  );

  api.put(
    conversations.updateTemplate.path,
    { onRequest: guard, schema: routeSchema(conversations.updateTemplate) },
    async (request) => {
      const { businessUid } = await integrationAt(domain, request, request.body.business_uid);
      const template = await updateTemplate(domain, businessUid, request.params.uid, request.body);
      return ok({ template: presentTemplate(template) });
    },
  );

  api.delete(
    conversations.deleteTemplate.path,
    { onRequest: guard, schema: routeSchema(conversations.deleteTemplate) },
    async (request) => {
      const { businessUid } = await integrationAt(domain, request, request.query.business_uid);
      return ok({ template: presentTemplate(await deleteTemplate(domain, businessUid, request.params.uid)) });
    },
  );
}
