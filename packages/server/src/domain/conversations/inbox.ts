import type { PrincipalOf } from "../../auth/principal.js";
import type { Domain } from "../context.js";
import { type ConversationSummary, summarize } from "./summaries.js";

/** The page's inbox: clients by latest activity (or those matching a search), one page of them. */
export async function inbox(
  domain: Domain,
  staff: PrincipalOf<"staff">,
  options: { search?: string | undefined; page: number; perPage: number },
): Promise<{ conversations: ConversationSummary[]; total: number }> {
  let clients = domain.db.selectFrom("clients").where("business_uid", "=", staff.businessUid);
  const term = options.search
    ?.trim()
    .toLowerCase()
    .replace(/[%_\\]/g, "");
  if (term) {
    const like = `%${term}%`;
    const digits = term.replace(/[^\d]/g, "");
    clients = clients.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["first_name"]), "like", like),
        eb(eb.fn("lower", ["last_name"]), "like", like),
        eb("email", "like", like),
        ...(digits.length >= 3 ? [eb("phone", "like", `%${digits}%`)] : []),
      ]),
    );
  } else {
    clients = clients.where("last_activity_at", "is not", null);
  }
  const [rows, total] = await Promise.all([
    clients
      .selectAll()
      .orderBy("last_activity_at", "desc")
      .orderBy("uid")
      .limit(options.perPage)
      .offset((options.page - 1) * options.perPage)
      .execute(),
    clients.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return { conversations: await summarize(domain.db, rows), total: Number(total.count) };
}
