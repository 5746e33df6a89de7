import type { Kysely } from "kysely";
import { AppError } from "../../errors.js";
import { parseJson } from "../../storage/json-text.js";
import type { ClientRow, Database } from "../../storage/schema.js";
import type { Reader } from "../app-scope.js";
import { fillTemplate, templateVariables } from "./template-text.js";
import { findTemplate } from "./templates.js";

/** A message as a sender gives it: text, or a template (uid or name) with its variables. */
export interface MessageInput {
  text?: string | undefined;
  template?: string | undefined;
  variables?: Readonly<Record<string, string>> | undefined;
}

export type ClientFields = Pick<ClientRow, "first_name" | "last_name" | "phone" | "email" | "attributes">;

/** What `{{client.…}}` variables read: the client's fields and custom attributes (`client.attributes.plate`). */
export function clientValues(client: ClientFields): Record<string, string | null> {
  const attributes = parseJson<Record<string, string>>(client.attributes, {});
  return {
    "client.first_name": client.first_name,
    "client.last_name": client.last_name,
    "client.name": [client.first_name, client.last_name].filter(Boolean).join(" "),
    "client.phone": client.phone,
    "client.email": client.email,
    ...Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => [`client.attributes.${name}`, value]),
    ),
  };
}

/** How a request names a message's parts, for its errors. */
export interface MessageFields {
  text: string;
  template: string;
  variables: string;
}

/** The fields of the `index`th message of a list named `list`. */
export const listedMessageFields = (list: string, index: number): MessageFields => ({
  text: `${list}[${index}].text`,
  template: `${list}[${index}].template`,
  variables: `${list}[${index}].variables`,
});

/** The text a message input stands for: a template filled for the client, or the text itself. */
export async function messageText(
  db: Kysely<Database>,
  businessUid: string,
  input: MessageInput,
  client: Readonly<Record<string, string | null>>,
  fields: MessageFields,
): Promise<string> {
  if (input.template !== undefined && input.text !== undefined) {
    throw new AppError({
      code: "invalid",
      field: fields.template,
      message: "give text or a template, not both",
    });
  }
  if (input.template === undefined) {
    if (input.text === undefined) {
      throw new AppError({
        code: "missing_field",
        field: fields.text,
        message: "text or a template is required",
      });
    }
    return input.text;
  }
  const template = await findTemplate(db, businessUid, input.template, fields.template);
  return fillTemplate(template.body, { ...client, ...input.variables }, fields.variables);
}

/** A template (stored, or a draft body) with sample values: the text, and the variables it uses. */
export async function previewText(
  { db }: Reader,
  businessUid: string,
  input: {
    template?: string | undefined;
    body?: string | undefined;
    variables?: Record<string, string> | undefined;
  },
  client: Readonly<Record<string, string | null>> = {},
): Promise<{ text: string; variables: string[] }> {
  const body =
    input.body ??
    (input.template ? (await findTemplate(db, businessUid, input.template, "template")).body : undefined);
  if (body === undefined) {
    throw new AppError({ code: "missing_field", field: "template", message: "template or body is required" });
  }
  return { text: fillTemplate(body, { ...client, ...input.variables }), variables: templateVariables(body) };
}
