import type { WriteContext } from "../events/writer.js";
import { prepare } from "../storage/prepared.js";

/**
 * A message moves its conversation up: the matter's and the client's activity become now (the
 * inbox's order, and the matter a new session goes under), and the page hears of it.
 *
 * Deferred to the end of the write: a batch with ten messages of one client writes its row once,
 * and parallel batches lock client rows in the same order.
 */
export function touchConversation(context: WriteContext, clientUid: string, matterUid: string): void {
  context.defer(`client:${clientUid}`, async ({ db, now, emit }) => {
    const client = await touchClient.first(db, { uid: clientUid, now });
    if (client) emit({ type: "conversation.updated", client });
  });
  context.defer(`matter:${matterUid}`, async ({ db, now }) => {
    await touchMatter.execute(db, { uid: matterUid, now });
  });
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
