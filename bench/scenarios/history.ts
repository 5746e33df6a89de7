import { randomUUID } from "node:crypto";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { type LoadResult, load, warmUpSeconds } from "../lib/load.js";
import { Receiver } from "../lib/receiver.js";
import { Storage, setUpTenant } from "../lib/tandem.js";

const CLIENTS = 1_000;

export interface HistoryResult extends LoadResult {
  messages: number;
  seedSeconds: number;
}

/**
 * Scenario 5: one thread page (50 messages) out of a database holding `messages` messages
 * (1,000 clients), SQLite. The rows are written straight into the database the server made,
 * already read, so fetching a page does not write.
 */
export async function history(messages: number, durationSeconds: number): Promise<HistoryResult> {
  const receiver = new Receiver();
  await receiver.start();
  const storage = new Storage("sqlite");
  try {
    const first = await storage.start({ TANDEM_ROLES: "api" });
    const tenant = await setUpTenant(first.url, storage.directoryToken, receiver.url, 1);
    await first.stop();

    const seedStarted = performance.now();
    const db = new SqliteDatabase(join(storage.dataDir, "tandem.sqlite"));
    db.pragma("journal_mode = WAL");
    const session = db
      .prepare("select * from sessions where uid = ?")
      .get(tenant.sessions[0]?.sessionUid) as {
      uid: string;
      matter_uid: string;
    };
    const clients = Array.from({ length: CLIENTS }, () => randomUUID());
    const now = Date.now() - messages * 1000;
    const insertClient = db.prepare(
      "insert into clients (uid, business_uid, first_name, created_at, last_activity_at) values (?, ?, ?, ?, ?)",
    );
    const insertMessage = db.prepare(
      `insert into messages (uid, business_uid, channel_uid, session_uid, client_uid, matter_uid, message_uid, direction,
        body, attachments, status, sender, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', 'read', ?, ?, ?)`,
    );
    db.transaction(() => {
      for (const [index, uid] of clients.entries()) {
        const at = new Date(now).toISOString();
        insertClient.run(uid, tenant.businessUid, `Client ${index}`, at, at);
      }
    })();
    const batch = 50_000;
    for (let start = 0; start < messages; start += batch) {
      db.transaction(() => {
        for (let index = start; index < Math.min(messages, start + batch); index++) {
          const at = new Date(now + index * 1000).toISOString();
          const incoming = index % 2 === 0;
          insertMessage.run(
            randomUUID(),
            tenant.businessUid,
            tenant.channelUid,
            session.uid,
            clients[index % CLIENTS],
            session.matter_uid,
            `h-${index}`,
            incoming ? "client_to_business" : "business_to_client",
            `Message number ${index} in a long conversation about an order.`,
            incoming ? '{"kind":"client"}' : '{"kind":"business"}',
            at,
            at,
          );
        }
      })();
    }
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;

    const server = await storage.start({ TANDEM_ROLES: "api" });
    try {
      let count = 0;
      const options = {
        url: `${server.url}/api/conversations/x/messages?limit=50`,
        headers: { authorization: `Bearer ${tenant.staffToken}` },
        path: () => `/api/conversations/${clients[count++ % CLIENTS]}/messages?limit=50`,
        // One page at a time: the figure is how long a page takes, not how long it queues.
        connections: 1,
      };
      await load({ ...options, durationSeconds: warmUpSeconds(durationSeconds) });
      const result = await load({ ...options, durationSeconds });
      return { ...result, messages, seedSeconds };
    } finally {
      await server.stop();
    }
  } finally {
    await receiver.close();
    await storage.remove();
  }
}
