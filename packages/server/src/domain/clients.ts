import type { Kysely } from "kysely";
import { newUid } from "../clock.js";
import { AppError, notFound } from "../errors.js";
import type { WriteContext } from "../events/writer.js";
import { prepare } from "../storage/prepared.js";
import type { ClientRow, Database, MatterRow } from "../storage/schema.js";
import { findBusiness, normalizeEmail } from "./businesses.js";
import type { Domain } from "./context.js";

export interface ClientInput {
  first_name: string;
  last_name?: string | null;
  email?: string | null;
  phone?: string | null;
  attributes?: Readonly<Record<string, string>>;
}

/** Phones compare by digits (and a leading +), so "+1 (555) 010-0000" and "+15550100000" are one client. */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, "");
  return trimmed.startsWith("+") ? `+${digits}` : digits;
}

export function validateClientInput(input: ClientInput, prefix = ""): void {
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim())) {
    throw new AppError({ code: "invalid", field: `${prefix}email`, message: "email is not a valid address" });
  }
  if (input.phone && normalizePhone(input.phone).replace("+", "").length < 3) {
    throw new AppError({ code: "invalid", field: `${prefix}phone`, message: "phone must contain digits" });
  }
}

export const DEFAULT_MATTER_NAME = "General";

/** A client and its default matter, inside an ongoing write. */
export async function insertClient(context: WriteContext, businessUid: string, input: ClientInput) {
  const client: ClientRow = {
    uid: newUid(),
    business_uid: businessUid,
    first_name: input.first_name.trim(),
    last_name: input.last_name?.trim() || null,
    email: input.email ? normalizeEmail(input.email) : null,
    phone: input.phone ? normalizePhone(input.phone) : null,
    attributes: JSON.stringify(input.attributes ?? {}),
    created_at: context.now,
    last_activity_at: null,
  };
  await context.db.insertInto("clients").values(client).execute();
  const matter: MatterRow = {
    uid: newUid(),
    business_uid: businessUid,
    client_uid: client.uid,
    display_name: DEFAULT_MATTER_NAME,
    created_at: context.now,
    last_activity_at: null,
  };
  await context.db.insertInto("matters").values(matter).execute();
  context.emit({ type: "client.created", client });
  return { client, matter };
}

export async function createClient(domain: Domain, businessUid: string, input: ClientInput) {
  validateClientInput(input);
  await findBusiness(domain, businessUid);
  return domain.writer.run((context) => insertClient(context, businessUid, input));
}

/** Finds the client by phone, then by email, or makes one (SPEC §7, open channels). */
export async function upsertClientByContact(
  context: WriteContext,
  businessUid: string,
  contact: ClientInput,
) {
  const found = await findClientByContact(context, businessUid, {
    phone: contact.phone ? normalizePhone(contact.phone) : null,
    email: contact.email ? normalizeEmail(contact.email) : null,
  });
  return found ?? (await insertClient(context, businessUid, contact)).client;
}

/** The business's client with this (normalised) phone, else with this email; null when there is none. */
export async function findClientByContact(
  { db }: { db: Kysely<Database> },
  businessUid: string,
  contact: { phone: string | null; email: string | null },
): Promise<ClientRow | null> {
  for (const [column, value] of [
    ["phone", contact.phone],
    ["email", contact.email],
  ] as const) {
    if (!value) continue;
    const client = await db
      .selectFrom("clients")
      .selectAll()
      .where("business_uid", "=", businessUid)
      .where(column, "=", value)
      .orderBy("created_at")
      .executeTakeFirst();
    if (client) return client;
  }
  return null;
}

/** The business a client belongs to, or undefined for an unknown uid. */
export async function businessOfClient(
  { db }: Pick<Domain, "db">,
  clientUid: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("clients")
    .select("business_uid")
    .where("uid", "=", clientUid)
    .executeTakeFirst();
  return row?.business_uid;
}

/** One of a business's clients (404 for another business's or an unknown uid). */
export const clientOf = ({ db }: Pick<Domain, "db">, businessUid: string, clientUid: string) =>
  findClient(db, businessUid, clientUid);

export async function findClient(
  db: Kysely<Database>,
  businessUid: string,
  clientUid: string,
): Promise<ClientRow> {
  const client = await clientOfBusiness.first(db, { clientUid, businessUid });
  if (!client) throw notFound("client", "client_uid");
  return client;
}

const clientOfBusiness = prepare<{ clientUid: string; businessUid: string }>()((db, value) =>
  db
    .selectFrom("clients")
    .selectAll()
    .where("uid", "=", value("clientUid"))
    .where("business_uid", "=", value("businessUid")),
);

/** Client uid or matter uid → the client and the matter a conversation goes under. */
export async function resolveContact(
  db: Kysely<Database>,
  businessUid: string,
  contactUid: string,
  field = "contact_uid",
) {
  const matter = await db
    .selectFrom("matters")
    .selectAll()
    .where("uid", "=", contactUid)
    .where("business_uid", "=", businessUid)
    .executeTakeFirst();
  if (matter) {
    const client = await findClient(db, businessUid, matter.client_uid);
    return { client, matter };
  }
  const client = await db
    .selectFrom("clients")
    .selectAll()
    .where("uid", "=", contactUid)
    .where("business_uid", "=", businessUid)
    .executeTakeFirst();
  if (!client)
    throw new AppError({ code: "not_found", field, message: "contact not found in this business" });
  return { client, matter: await latestMatter(db, client.uid) };
}

/** The matter with the latest conversation activity (the newest matter when none has had a conversation). */
export async function latestMatter(db: Kysely<Database>, clientUid: string): Promise<MatterRow> {
  const matters = await db.selectFrom("matters").selectAll().where("client_uid", "=", clientUid).execute();
  const sorted = matters.sort((a, b) =>
    (b.last_activity_at ?? b.created_at).localeCompare(a.last_activity_at ?? a.created_at),
  );
  const matter = sorted[0];
  if (!matter) throw new Error(`client ${clientUid} has no matter`);
  return matter;
}

export async function listClients(
  domain: Domain,
  businessUid: string,
  options: { search?: string | undefined; page: number; perPage: number },
) {
  await findBusiness(domain, businessUid);
  let query = domain.db.selectFrom("clients").where("business_uid", "=", businessUid);
  const term = options.search?.trim().toLowerCase();
  if (term) {
    // Wildcards are dropped rather than escaped: the two dialects escape LIKE differently.
    const like = `%${term.replace(/[%_\\]/g, "")}%`;
    const phoneDigits = term.replace(/[^\d+]/g, "");
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["first_name"]), "like", like),
        eb(eb.fn("lower", ["last_name"]), "like", like),
        eb("email", "like", like),
        ...(phoneDigits.length >= 3 ? [eb("phone", "like", `%${phoneDigits}%`)] : []),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    query
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("uid")
      .limit(options.perPage)
      .offset((options.page - 1) * options.perPage)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

export async function createMatter(
  domain: Domain,
  businessUid: string,
  clientUid: string,
  displayName: string,
) {
  await findClient(domain.db, businessUid, clientUid);
  return domain.writer.run(async ({ db, now }) => {
    const matter: MatterRow = {
      uid: newUid(),
      business_uid: businessUid,
      client_uid: clientUid,
      display_name: displayName,
      created_at: now,
      last_activity_at: null,
    };
    await db.insertInto("matters").values(matter).execute();
    return matter;
  });
}

export async function listMatters(domain: Domain, businessUid: string, clientUid: string) {
  await findClient(domain.db, businessUid, clientUid);
  return domain.db
    .selectFrom("matters")
    .selectAll()
    .where("client_uid", "=", clientUid)
    .orderBy("created_at")
    .execute();
}
