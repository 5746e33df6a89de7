import type { WorkContext, WriteContext } from "../events/writer.js";
import { anyOf } from "../storage/dialects/array-parameters.js";
import { capabilitiesOf } from "../storage/dialects/capabilities.js";
import { prepare } from "../storage/prepared.js";
import type { ClientRow } from "../storage/schema.js";

/**
 * A message moves its conversation up: the matter's and the client's activity become now (the
 * inbox's order, and the matter a new session goes under), and the page hears of it.
 *
 * Deferred to the end of the write: a batch with ten messages of one client writes its row once,
 * and a batch across twenty clients writes them all together.
 */
export function touchConversation(context: WriteContext, clientUid: string, matterUid: string): void {
  context.defer("activity", `${clientUid} ${matterUid}`, touchConversations);
}

async function touchConversations({ db, now, emit }: WorkContext, keys: readonly string[]): Promise<void> {
  const clientUids = [...new Set(keys.map((key) => key.split(" ")[0] ?? ""))];
  const matterUids = [...new Set(keys.map((key) => key.split(" ")[1] ?? ""))];
  let clients: ClientRow[];
  if (!capabilitiesOf(db).statementsAreLocal) {
    clients = await touchInUidOrder.all(db, { clientUids, matterUids, now });
  } else if (clientUids.length === 1 && matterUids.length === 1) {
    // The usual case under light load: statements prepared once.
    clients = await touchClient.all(db, { uid: clientUids[0] ?? "", now });
    await touchMatter.execute(db, { uid: matterUids[0] ?? "", now });
  } else {
    clients = await db
      .updateTable("clients")
      .set({ last_activity_at: now })
      .where("uid", "in", clientUids)
      .returningAll()
      .execute();
    await db.updateTable("matters").set({ last_activity_at: now }).where("uid", "in", matterUids).execute();
  }
  for (const client of clients.sort((a, b) => (a.uid < b.uid ? -1 : 1)))
    emit({ type: "conversation.updated", client });
}

/*
 * PostgreSQL, in one statement: an UPDATE over a list of keys locks its rows in the order it finds
 * them, which is not the keys' order, and parallel batches touching the same clients deadlocked
 * (each stalled a second until PostgreSQL broke it). So the rows are locked first, clients then
 * matters, each by uid, and then updated.
 */
const touchInUidOrder = prepare<{ clientUids: string[]; matterUids: string[]; now: string }>()((db, value) =>
  db
    .with(
      (cte) => cte("locked_clients").materialized(),
      (locking) =>
        locking
          .selectFrom("clients")
          .select("uid")
          .where("uid", "=", anyOf<string>(value("clientUids")))
          .orderBy("uid")
          .forUpdate(),
    )
    .with(
      (cte) => cte("locked_matters").materialized(),
      (locking) =>
        locking
          .selectFrom("matters")
          .select("uid")
          .where("uid", "=", anyOf<string>(value("matterUids")))
          .orderBy("uid")
          .forUpdate(),
    )
    .with("touched_matters", (touching) =>
      touching
        .updateTable("matters")
        .from("locked_matters")
        .set({ last_activity_at: value("now") })
        .whereRef("matters.uid", "=", "locked_matters.uid"),
    )
    .updateTable("clients")
    .from("locked_clients")
    .set({ last_activity_at: value("now") })
    .whereRef("clients.uid", "=", "locked_clients.uid")
    .returningAll("clients"),
);

const touchClient = prepare<{ uid: string; now: string }>()((db, value) =>
  db
    .updateTable("clients")
    .set({ last_activity_at: value("now") })
    .where("uid", "=", value("uid"))
    .returningAll(),
);

const touchMatter = prepare<{ uid: string; now: string }>()((db, value) =>
  db
    .updateTable("matters")
    .set({ last_activity_at: value("now") })
    .where("uid", "=", value("uid")),
);
