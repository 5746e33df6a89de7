import type { WriteContext } from "../events/writer.js";
import { prepare } from "../storage/prepared.js";

/**
 * A message moves its conversation up: the matter's and the client's activity become now (the
 * inbox's order, and the matter a new session goes under), and the page hears of it.
 */
export async function touchConversation(
  context: WriteContext,
  clientUid: string,
  matterUid: string,
): Promise<void> {
  await touchMatter.execute(context.db, { uid: matterUid, now: context.now });
  const client = await touchClient.first(context.db, { uid: clientUid, now: context.now });
  if (!client) throw new Error(`client ${clientUid} vanished inside its own conversation's write`);
  context.emit({ type: "conversation.updated", client });
}

const touchMatter = prepare<{ uid: string; now: string }>()((db, value) =>
  db
    .updateTable("matters")
    .set({ last_activity_at: value("now") })
    .where("uid", "=", value("uid")),
);

const touchClient = prepare<{ uid: string; now: string }>()((db, value) =>
  db
    .updateTable("clients")
    .set({ last_activity_at: value("now") })
    .where("uid", "=", value("uid"))
    .returningAll(),
);
