import type { PrincipalOf } from "../../auth/principal.js";
import { findClient } from "../clients.js";
import type { Domain } from "../context.js";
import { advanceIncoming } from "./advance-incoming.js";

/** Staff have the thread open and visible: its incoming messages become `read`. Answers how many did. */
export async function markRead(
  domain: Domain,
  staff: PrincipalOf<"staff">,
  clientUid: string,
): Promise<number> {
  await findClient(domain.db, staff.businessUid, clientUid);
  const unread = await domain.db
    .selectFrom("messages")
    .selectAll()
    .where("client_uid", "=", clientUid)
    .where("business_uid", "=", staff.businessUid)
    .where("direction", "=", "client_to_business")
    .where("status", "in", ["pending", "received"])
    .execute();
  if (unread.length === 0) return 0;
  const updated = await domain.writer.run((context) => advanceIncoming(context, unread, "read"));
  return updated.size;
}
