import type { WorkContext, WriteContext } from "../events/writer.js";
import { prepare } from "../storage/prepared.js";

/**
 * A message moves its conversation up: the matter's and the client's activity become now (the
 * inbox's order, and the matter a new session goes under), and the page hears of it.
 *
 * Deferred to the end of the write: a batch with ten messages of one client writes its row once,
 * and a batch across twenty clients writes them in one statement.
 */
export function touchConversation(context: WriteContext, clientUid: string, matterUid: string): void {
  context.defer("activity:clients", clientUid, touchClients);
  context.defer("activity:matters", matterUid, touchMatters);
}

// One key is the usual case under light load: its statement is prepared once.
async function touchClients({ db, now, emit }: WorkContext, uids: readonly string[]): Promise<void> {
  const clients =
    uids.length === 1
      ? await touchClient.all(db, { uid: uids[0] ?? "", now })
      : await db
          .updateTable("clients")
          .set({ last_activity_at: now })
          .where("uid", "in", uids)
          .returningAll()
          .execute();
  for (const client of clients.sort((a, b) => (a.uid < b.uid ? -1 : 1)))
    emit({ type: "conversation.updated", client });
}

async function touchMatters({ db, now }: WorkContext, uids: readonly string[]): Promise<void> {
  if (uids.length === 1) await touchMatter.execute(db, { uid: uids[0] ?? "", now });
  else await db.updateTable("matters").set({ last_activity_at: now }).where("uid", "in", uids).execute();
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
