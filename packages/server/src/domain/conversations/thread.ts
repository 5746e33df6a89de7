import type { PrincipalOf } from "../../auth/principal.js";
import { notFound } from "../../errors.js";
import type { MessageRow } from "../../storage/schema.js";
import { findClient } from "../clients.js";
import type { Domain } from "../context.js";
import { newestFirst } from "../message-pages.js";
import { advanceIncoming } from "./advance-incoming.js";
import { type ThreadEntry, threadEntries } from "./thread-entries.js";

/** The thread, newest first; fetching it counts as displaying its incoming messages (→ received). */
export async function thread(
  domain: Domain,
  staff: PrincipalOf<"staff">,
  clientUid: string,
  options: { before?: string | undefined; limit: number },
): Promise<{ entries: ThreadEntry[]; hasMore: boolean }> {
  await findClient(domain.db, staff.businessUid, clientUid);
  const query = domain.db
    .selectFrom("messages")
    .selectAll()
    .where("client_uid", "=", clientUid)
    .where("business_uid", "=", staff.businessUid);
  let cursor: Pick<MessageRow, "created_at" | "seq"> | null = null;
  if (options.before) {
    cursor =
      (await domain.db
        .selectFrom("messages")
        .select(["created_at", "seq"])
        .where("uid", "=", options.before)
        .where("client_uid", "=", clientUid)
        .executeTakeFirst()) ?? null;
    if (!cursor) throw notFound("message", "before");
  }
  const { rows: page, hasMore } = await newestFirst(query, cursor, options.limit);
  const pending = page.filter(
    (message) => message.direction === "client_to_business" && message.status === "pending",
  );
  const displayed = pending.length
    ? await domain.writer.run((context) => advanceIncoming(context, pending, "received"))
    : new Map<string, MessageRow>();
  const messages = page.map((message) => displayed.get(message.uid) ?? message);
  return { entries: await threadEntries(domain.db, messages), hasMore };
}
