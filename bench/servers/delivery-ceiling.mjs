// The delivery ceiling: the undici floor's POST loop plus the bookkeeping every delivery must make
// durable — its claim (pending → delivering), and its outcome (succeeded, with the attempt's row) —
// on Tandem's own `deliveries` and `delivery_attempts` tables (made by Tandem's migrations), on the
// raw SQLite driver, claims and outcomes each group-committed. No signing, ordering, retries or
// leases to renew: what is left when everything Tandem adds on top is free. Prints deliveries/s.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Agent, request } from "undici";
import { migrate, openStorage } from "../../packages/server/dist/storage/database.js";

const dataDir = process.env.TANDEM_DATA_DIR ?? ".";
const receiver = process.env.RECEIVER_URL;
const total = Number(process.env.EVENTS ?? 10_000);
const concurrency = Number(process.env.CONCURRENCY ?? 64);

const storage = await openStorage({ databaseUrl: null, dataDir });
await migrate(storage);
await storage.close();

const database = new Database(join(dataDir, "tandem.sqlite"));
database.pragma("journal_mode = WAL");
database.pragma("synchronous = NORMAL");
database.pragma("cache_size = -32768");

// The body and headers of one of Tandem's webhooks, sent as they were (the floor's bytes).
const webhook = JSON.parse(process.env.WEBHOOK ?? "{}");
const body = webhook.body ?? JSON.stringify({ message: "Your order is ready for pickup." });
const headers = webhook.headers ?? { "content-type": "application/json" };
const now = () => new Date().toISOString();
const insert = database.prepare(
  `insert into deliveries (uid, app_id, business_uid, event, method, path, body, ordering_key, status,
     next_attempt_at, created_at, updated_at) values (?, 'app', 'business', 'message.created', 'POST',
     '/messages', ?, ?, 'pending', ?, ?, ?)`,
);
database.transaction(() => {
  for (let index = 0; index < total; index++) {
    const at = now();
    insert.run(randomUUID(), body, `session:${index % concurrency}`, at, at, at);
  }
})();

const claimNext = database.prepare(
  `update deliveries set status = 'delivering', lease_until = ?, leased_by = 'ceiling', updated_at = ?
   where seq in (select seq from deliveries where status = 'pending' order by seq limit ?) returning uid, body`,
);
const finish = database.prepare(
  `update deliveries set status = 'succeeded', attempt_count = 1, completed_at = ?, updated_at = ?,
   last_status_code = 204 where uid = ?`,
);
const attempt = database.prepare(
  `insert into delivery_attempts (delivery_uid, attempt_number, started_at, duration_ms, status_code)
   values (?, 1, ?, ?, 204)`,
);

// Outcomes finished in one turn of the event loop share a transaction, as in Tandem's writer.
let finished = [];
let flushing = null;
function recordOutcome(outcome) {
  finished.push(outcome);
  flushing ??= new Promise((resolve) =>
    setImmediate(() => {
      const batch = finished;
      finished = [];
      flushing = null;
      database.transaction(() => {
        const at = now();
        for (const { uid, startedAt, durationMs } of batch) {
          finish.run(at, at, uid);
          attempt.run(uid, startedAt, durationMs);
        }
      })();
      resolve();
    }),
  );
  return flushing;
}

const agent = new Agent({ connections: concurrency });
const queue = [];
const claim = () => {
  const at = now();
  queue.push(...claimNext.all(at, at, concurrency));
};
let done = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (;;) {
      if (queue.length === 0) claim();
      const delivery = queue.shift();
      if (!delivery) return;
      const startedAt = now();
      const sentAt = performance.now();
      const response = await request(`${receiver}/messages`, {
        method: "POST",
        body: delivery.body,
        headers,
        dispatcher: agent,
      });
      await response.body.dump();
      await recordOutcome({
        uid: delivery.uid,
        startedAt,
        durationMs: Math.round(performance.now() - sentAt),
      });
      done++;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await agent.close();
database.close();
process.stdout.write(
  `${JSON.stringify({ deliveries: done, deliveriesPerSecond: Math.round(done / seconds) })}\n`,
);
