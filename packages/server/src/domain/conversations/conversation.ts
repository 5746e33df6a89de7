import type { PrincipalOf } from "../../auth/principal.js";
import { notFound } from "../../errors.js";
import { findClient } from "../clients.js";
import type { Domain } from "../context.js";
import { type ConversationSummary, summarize } from "./summaries.js";

/** One conversation as the inbox lists it, for a thread opened by link before the inbox shows it. */
export async function conversationOf(
  domain: Domain,
  staff: PrincipalOf<"staff">,
  clientUid: string,
): Promise<ConversationSummary> {
  const [conversation] = await summarize(domain.db, [
    await findClient(domain.db, staff.businessUid, clientUid),
  ]);
  if (!conversation) throw notFound("client", "client_uid");
  return conversation;
}
