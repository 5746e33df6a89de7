import type { conversations } from "@tandem/contract";
import { AppError } from "../../errors.js";
import type { WriteContext } from "../../events/writer.js";
import { parseJson } from "../../storage/json-text.js";
import type { ClientRow } from "../../storage/schema.js";
import { normalizeEmail } from "../businesses.js";
import { findClientByContact, insertClient } from "../clients.js";
import type { ClientFields } from "../templates/message-text.js";

/** An upsert's contact, checked and normalised: how the client is found, and what it sets. */
export interface UpsertContact {
  phone: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null | undefined;
  /** Names to set; null removes one. */
  attributes: Readonly<Record<string, string | null>>;
}

type ContactInput = typeof conversations.ContactUpsertInput.static;

/** E.164: a + and 8 to 15 digits, the first not 0; spaces, dashes, dots and brackets are dropped, 00 is +. */
export function e164(phone: string): string | null {
  const compact = phone.trim().replace(/[\s\-.()]/g, "");
  const international = compact.startsWith("00") ? `+${compact.slice(2)}` : compact;
  return /^\+[1-9]\d{7,14}$/.test(international) ? international : null;
}

export function checkContact(input: ContactInput): UpsertContact {
  const phoneText = input.phone?.trim() || null;
  const emailText = input.email?.trim() || null;
  if (!phoneText && !emailText) {
    throw new AppError({
      code: "missing_field",
      field: "contact.phone",
      message: "contact needs a phone or an email to find or create the client by",
    });
  }
  const phone = phoneText ? e164(phoneText) : null;
  if (phoneText && !phone) {
    throw new AppError({
      code: "invalid",
      field: "contact.phone",
      message: "phone must be an international number in E.164 form, e.g. +31612345678",
    });
  }
  if (emailText && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(emailText)) {
    throw new AppError({ code: "invalid", field: "contact.email", message: "email is not a valid address" });
  }
  return {
    phone,
    email: emailText ? normalizeEmail(emailText) : null,
    first_name: input.first_name?.trim() || null,
    last_name: input.last_name === undefined ? undefined : input.last_name?.trim() || null,
    attributes: input.attributes ?? {},
  };
}

function mergedAttributes(current: string, changes: UpsertContact["attributes"]): string {
  const attributes = parseJson<Record<string, string>>(current, {});
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete attributes[name];
    else attributes[name] = value;
  }
  return JSON.stringify(attributes);
}

/** A client is created only with a first name. */
export function requireNewClientName(contact: UpsertContact): string {
  if (!contact.first_name) {
    throw new AppError({
      code: "missing_field",
      field: "contact.first_name",
      message: "first_name is required to create a client",
    });
  }
  return contact.first_name;
}

/** What the client will look like after the upsert, for filling templates before the write. */
export function fieldsAfterUpsert(found: ClientRow | null, contact: UpsertContact): ClientFields {
  return {
    first_name: contact.first_name ?? found?.first_name ?? "",
    last_name: contact.last_name === undefined ? (found?.last_name ?? null) : contact.last_name,
    phone: found?.phone ?? contact.phone,
    email: found?.email ?? contact.email,
    attributes: mergedAttributes(found?.attributes ?? "{}", contact.attributes),
  };
}

/**
 * Inside a write: the client found by phone or email and brought up to date (names given, a missing
 * phone or email, attributes merged; announced as `client.updated` when anything changed), or created.
 */
export async function upsertClient(
  context: WriteContext,
  businessUid: string,
  contact: UpsertContact,
): Promise<{ client: ClientRow; created: boolean }> {
  const found = await findClientByContact(context, businessUid, contact);
  if (!found) {
    const first_name = requireNewClientName(contact);
    const { client } = await insertClient(context, businessUid, {
      first_name,
      last_name: contact.last_name ?? null,
      phone: contact.phone,
      email: contact.email,
      attributes: JSON.parse(mergedAttributes("{}", contact.attributes)) as Record<string, string>,
    });
    return { client, created: true };
  }
  const fields = fieldsAfterUpsert(found, contact);
  const changed = (Object.keys(fields) as (keyof ClientFields)[]).some((key) => fields[key] !== found[key]);
  if (!changed) return { client: found, created: false };
  const client: ClientRow = { ...found, ...fields };
  await context.db.updateTable("clients").set(fields).where("uid", "=", found.uid).execute();
  context.emit({ type: "client.updated", client });
  return { client, created: false };
}
