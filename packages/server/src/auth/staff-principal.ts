import type { Kysely } from "kysely";
import type { Database } from "../storage/schema.js";
import type { PrincipalOf } from "./principal.js";

export async function staffPrincipal(
  db: Kysely<Database>,
  staffUid: string,
): Promise<PrincipalOf<"staff"> | null> {
  const staff = await db.selectFrom("staff").selectAll().where("uid", "=", staffUid).executeTakeFirst();
  if (!staff) return null;
  return {
    kind: "staff",
    staffUid: staff.uid,
    businessUid: staff.business_uid,
    role: staff.role,
    displayName: staff.display_name,
    email: staff.email,
  };
}
