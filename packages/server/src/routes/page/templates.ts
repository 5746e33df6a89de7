import { page } from "@tandem/contract";
import { clientOf } from "../../domain/clients.js";
import { clientValues, previewText } from "../../domain/templates/message-text.js";
import {
  createTemplate,
  deleteTemplate,
  listTemplates,
  updateTemplate,
} from "../../domain/templates/templates.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { principalOf } from "../../http/authenticate.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { presentTemplate } from "../../presenters/template.js";
import { adminOf } from "./admin.js";

/** Message templates on the page: every staff member picks them in the composer; admins manage them. */
export function registerTemplateRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("staff");
  const admin = adminOf;

  api.get(
    page.listPageTemplates.path,
    { onRequest: guard, schema: routeSchema(page.listPageTemplates) },
    async (request) => {
      const staff = principalOf(request, "staff");
      return ok({ templates: (await listTemplates(domain, staff.businessUid)).map(presentTemplate) });
    },
  );

  api.post(
    page.createPageTemplate.path,
    { onRequest: guard, schema: routeSchema(page.createPageTemplate) },
    async (request, reply) => {
      const template = await createTemplate(domain, admin(request).businessUid, request.body);
      reply.status(201);
      return ok({ template: presentTemplate(template) });
    },
  );

  api.put(
    page.updatePageTemplate.path,
    { onRequest: guard, schema: routeSchema(page.updatePageTemplate) },
    async (request) => {
      const template = await updateTemplate(
        domain,
        admin(request).businessUid,
        request.params.uid,
        request.body,
      );
      return ok({ template: presentTemplate(template) });
    },
  );

  api.delete(
    page.deletePageTemplate.path,
    { onRequest: guard, schema: routeSchema(page.deletePageTemplate) },
    async (request) => {
      const template = await deleteTemplate(domain, admin(request).businessUid, request.params.uid);
      return ok({ template: presentTemplate(template) });
    },
  );

  api.post(
    page.previewPageTemplate.path,
    { onRequest: guard, schema: routeSchema(page.previewPageTemplate) },
    async (request) => {
      const staff = principalOf(request, "staff");
      const client = request.body.client_uid
        ? clientValues(await clientOf(domain, staff.businessUid, request.body.client_uid))
        : {};
      return ok(await previewText(domain, staff.businessUid, request.body, client));
    },
  );
}
