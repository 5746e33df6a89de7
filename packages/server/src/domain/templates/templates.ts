import type { Kysely } from "kysely";
import { newUid } from "../../clock.js";
import { AppError, notFound } from "../../errors.js";
import { isUniqueViolation } from "../../storage/constraint-errors.js";
import type { Database, TemplateRow } from "../../storage/schema.js";
import type { Reader } from "../app-scope.js";
import type { Domain } from "../context.js";
import { checkTemplateBody } from "./template-text.js";

/* A business's message templates: every read and write is scoped to the business by construction. */

export interface TemplateInput {
  name: string;
  body: string;
}

const nameTaken = () =>
  new AppError({
    code: "already_exists",
    field: "name",
    message: "the business has a template of this name",
  });

/** A template of the business by uid or, for integrations, by name (404 naming `field` otherwise). */
export async function findTemplate(
  db: Kysely<Database>,
  businessUid: string,
  uidOrName: string,
  field = "uid",
): Promise<TemplateRow> {
  const template = await db
    .selectFrom("message_templates")
    .selectAll()
    .where("business_uid", "=", businessUid)
    .where((eb) => eb.or([eb("uid", "=", uidOrName), eb("name", "=", uidOrName)]))
    .orderBy("created_at")
    .executeTakeFirst();
  if (!template) throw notFound("template", field);
  return template;
}

/** One of the business's templates by uid or name, for a caller that holds no database handle. */
export const templateOf = ({ db }: Reader, businessUid: string, uidOrName: string) =>
  findTemplate(db, businessUid, uidOrName);

export function listTemplates(domain: Domain, businessUid: string): Promise<TemplateRow[]> {
  return domain.db
    .selectFrom("message_templates")
    .selectAll()
    .where("business_uid", "=", businessUid)
    .orderBy("name")
    .execute();
}

export async function createTemplate(domain: Domain, businessUid: string, input: TemplateInput) {
  checkTemplateBody(input.body);
  try {
    return await domain.writer.run(async ({ db, now }) => {
      const template: TemplateRow = {
        uid: newUid(),
        business_uid: businessUid,
        name: input.name.trim(),
        body: input.body,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto("message_templates").values(template).execute();
      return template;
    });
  } catch (error) {
    throw isUniqueViolation(error) ? nameTaken() : error;
  }
}

export async function updateTemplate(
  domain: Domain,
  businessUid: string,
  uid: string,
  input: Partial<TemplateInput>,
) {
  if (input.body !== undefined) checkTemplateBody(input.body);
  const current = await findTemplate(domain.db, businessUid, uid);
  try {
    return await domain.writer.run(async ({ db, now }) => {
      const template: TemplateRow = {
        ...current,
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.body !== undefined ? { body: input.body } : {}),
        updated_at: now,
      };
      await db
        .updateTable("message_templates")
        .set({ name: template.name, body: template.body, updated_at: now })
        .where("uid", "=", current.uid)
        .where("business_uid", "=", businessUid)
        .execute();
      return template;
    });
  } catch (error) {
    throw isUniqueViolation(error) ? nameTaken() : error;
  }
}

export async function deleteTemplate(domain: Domain, businessUid: string, uid: string) {
  const template = await findTemplate(domain.db, businessUid, uid);
  await domain.writer.run(({ db }) =>
    db
      .deleteFrom("message_templates")
      .where("uid", "=", template.uid)
      .where("business_uid", "=", businessUid)
      .execute(),
  );
  return template;
}
