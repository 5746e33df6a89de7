import { hashPassword } from "../auth/passwords.js";
import { newUid } from "../clock.js";
import { AppError, notFound } from "../errors.js";
import type { WriteContext } from "../events/writer.js";
import { isUniqueViolation } from "../storage/constraint-errors.js";
import type { BusinessRow, StaffRow } from "../storage/schema.js";
import type { Domain } from "./context.js";

export interface StaffInput {
  email: string;
  display_name: string;
  password: string;
  role?: "admin" | "staff";
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const emailTaken = (field: string) =>
  new AppError({
    code: "already_exists",
    field,
    message: "a staff member with this email already exists",
  });

async function insertStaff(
  context: WriteContext,
  businessUid: string,
  input: StaffInput,
  passwordHash: string,
) {
  const row: StaffRow = {
    uid: newUid(),
    business_uid: businessUid,
    email: normalizeEmail(input.email),
    display_name: input.display_name,
    role: input.role ?? "staff",
    password_hash: passwordHash,
    created_at: context.now,
  };
  await context.db.insertInto("staff").values(row).execute();
  return row;
}

/**
 * Hashing happens before the transaction opens: it is slow on purpose and must not hold the writer.
 * `emailField` is where the email sits in the request (`admin.email` when a business is created).
 */
async function guarded<T>(write: () => Promise<T>, emailField = "email"): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(emailField);
    throw error;
  }
}

export async function createBusiness(domain: Domain, input: { name: string; admin: StaffInput }) {
  const passwordHash = await hashPassword(input.admin.password);
  return guarded(
    () =>
      domain.writer.run(async (context) => {
        const business: BusinessRow = { uid: newUid(), name: input.name, created_at: context.now };
        await context.db.insertInto("businesses").values(business).execute();
        const staff = await insertStaff(
          context,
          business.uid,
          { ...input.admin, role: "admin" },
          passwordHash,
        );
        return { business, staff };
      }),
    "admin.email",
  );
}

export async function findBusiness(domain: Domain, uid: string): Promise<BusinessRow> {
  const business = await domain.db
    .selectFrom("businesses")
    .selectAll()
    .where("uid", "=", uid)
    .executeTakeFirst();
  if (!business) throw notFound("business", "business_uid");
  return business;
}

export async function listBusinesses(domain: Domain, page: number, perPage: number) {
  const [rows, total] = await Promise.all([
    domain.db
      .selectFrom("businesses")
      .selectAll()
      .orderBy("created_at")
      .orderBy("uid")
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute(),
    domain.db
      .selectFrom("businesses")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

export async function addStaff(domain: Domain, businessUid: string, input: StaffInput) {
  await findBusiness(domain, businessUid);
  const passwordHash = await hashPassword(input.password);
  return guarded(() =>
    domain.writer.run((context) => insertStaff(context, businessUid, input, passwordHash)),
  );
}

export async function listStaff(domain: Domain, businessUid: string) {
  await findBusiness(domain, businessUid);
  return domain.db
    .selectFrom("staff")
    .selectAll()
    .where("business_uid", "=", businessUid)
    .orderBy("created_at")
    .execute();
}
