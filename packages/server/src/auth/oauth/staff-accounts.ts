import type { Kysely } from "kysely";
import type { Account } from "oidc-provider";
import { normalizeEmail } from "../../domain/businesses.js";
import type { Database, StaffRow } from "../../storage/schema.js";
import { verifyPassword } from "../passwords.js";
import { staffPrincipal } from "../staff-principal.js";

// A real hash to compare against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export async function staffByCredentials(
  db: Kysely<Database>,
  email: string,
  password: string,
): Promise<StaffRow | null> {
  const staff = await db
    .selectFrom("staff")
    .selectAll()
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  const valid = await verifyPassword(password, staff?.password_hash ?? DUMMY_HASH);
  return staff && valid ? staff : null;
}

/** oidc-provider's accounts are staff members; the account id is the staff uid. */
export async function staffAccount(db: Kysely<Database>, staffUid: string): Promise<Account | undefined> {
  const staff = await staffPrincipal(db, staffUid);
  if (!staff) return undefined;
  return {
    accountId: staff.staffUid,
    claims: () => ({ sub: staff.staffUid, business_uid: staff.businessUid }),
  };
}

export async function isAdmin(db: Kysely<Database>, staffUid: string): Promise<boolean> {
  return (await staffPrincipal(db, staffUid))?.role === "admin";
}
