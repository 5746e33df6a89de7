import type { Kysely } from "kysely";
import { prepare } from "../storage/prepared.js";
import type { Database } from "../storage/schema.js";
import type { PrincipalOf } from "./principal.js";

const staffByUid = prepare<{ uid: string }>()((db, value) =>
  db.selectFrom("staff").selectAll().where("uid", "=", value("uid")),
);

export async function staffPrincipal(
  db: Kysely<Database>,
  staffUid: string,
): Promise<PrincipalOf<"staff"> | null> {
  const staff = await staffByUid.first(db, { uid: staffUid });
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
