import type { WriteContext } from "../events/writer.js";

/**
 * A message moves its conversation up: the matter's and the client's activity become now (the
 * inbox's order, and the matter a new session goes under), and the page hears of it.
 */
export async function touchConversation(
  context: WriteContext,
  clientUid: string,
  matterUid: string,
): Promise<void> {
  await context.db
    .updateTable("matters")
    .set({ last_activity_at: context.now })
    .where("uid", "=", matterUid)
    .execute();
  const client = await context.db
    .updateTable("clients")
    .set({ last_activity_at: context.now })
    .where("uid", "=", clientUid)
    .returningAll()
    .executeTakeFirstOrThrow();
  context.emit({ type: "conversation.updated", client });
}
