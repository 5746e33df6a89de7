import type { Template } from "@tandem/contract";
import { templateVariables } from "../domain/templates/template-text.js";
import type { TemplateRow } from "../storage/schema.js";

export const presentTemplate = (template: TemplateRow): Template => ({
  uid: template.uid,
  business_uid: template.business_uid,
  name: template.name,
  body: template.body,
  variables: templateVariables(template.body),
  created_at: template.created_at,
  updated_at: template.updated_at,
});
