import type { Kysely } from "kysely";
import type { Account } from "oidc-provider";
import type { Database } from "../../storage/schema.js";
import { staffPrincipal } from "../staff-principal.js";

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
