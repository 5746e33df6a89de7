// The ceiling: the floor's bare route plus the one durable write every ingest must make — the
// message row, into Tandem's own `messages` table and indexes (created by Tandem's migrations),
// group-committed on the raw driver. No auth, validation, outbox or realtime: what is left when
// everything Tandem adds on top is free. Its ratio to the floor bounds what ingest can reach.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import Fastify from "fastify";
import { migrate, openStorage } from "../../packages/server/dist/storage/database.js";

const databaseUrl = process.env.DATABASE_URL || null;
const dataDir = process.env.TANDEM_DATA_DIR ?? ".";
const storage = await openStorage({ databaseUrl, dataDir });
await migrate(storage);
await storage.close();

const COLUMNS = [
  "uid",
  "business_uid",
  "channel_uid",
  "session_uid",
  "client_uid",
  "matter_uid",
  "message_uid",
  "direction",
  "body",
  "status",
  "created_at",
  "updated_at",
];
const rowOf = (body) => {
  const now = new Date().toISOString();
  const client = `client-${body.external_uid}`;
  return [randomUUID(), "b", body.channel_uid, client, client, client, body.message_uid].concat([
    "client_to_business",
    body.message,
    "pending",
    now,
    now,
  ]);
};

/** Writes one batch of rows in one transaction; resolves after the commit. */
const writeBatch = databaseUrl?.startsWith("postgres") ? await postgresWriter() : await sqliteWriter();

async function sqliteWriter() {
  const { default: Database } = await import("better-sqlite3");
  const database = new Database(join(dataDir, "tandem.sqlite"));
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("cache_size = -32768");
  const insert = database.prepare(
    `insert into messages (${COLUMNS.join(", ")}) values (${COLUMNS.map(() => "?").join(", ")})`,
  );
  const writeAll = database.transaction((rows) => {
    for (const row of rows) insert.run(row);
  });
  return async (rows) => writeAll(rows);
}

async function postgresWriter() {
  const { default: pg } = await import("pg");
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema");
  url.searchParams.delete("schema");
  const options = schema ? `-c search_path=${schema}` : undefined;
  const pool = new pg.Pool({ connectionString: url.toString(), options, max: 4 });
  return async (rows) => {
    const client = await pool.connect();
    try {
      const values = rows.map(
        (_, row) => `(${COLUMNS.map((_, column) => `$${row * COLUMNS.length + column + 1}`).join(", ")})`,
      );
      await client.query("begin");
      await client.query(
        `insert into messages (${COLUMNS.join(", ")}) values ${values.join(", ")}`,
        rows.flat(),
      );
      await client.query("commit");
    } finally {
      client.release();
    }
  };
}

// Group commit: requests arriving while a batch commits wait for the next one, as in Tandem.
let waiting = [];
let writing = false;
async function flush() {
  if (writing || waiting.length === 0) return;
  writing = true;
  const batch = waiting;
  waiting = [];
  try {
    await writeBatch(batch.map((entry) => entry.row));
    for (const entry of batch) entry.resolve();
  } catch (error) {
    for (const entry of batch) entry.reject(error);
  } finally {
    writing = false;
    setImmediate(flush);
  }
}
const write = (row) =>
  new Promise((resolve, reject) => {
    waiting.push({ row, resolve, reject });
    setImmediate(flush);
  });

const app = Fastify({ logger: false });
app.post("/business/communication/messages", async (request, reply) => {
  const body = request.body;
  await write(rowOf(body));
  reply.status(201);
  return {
    success: true,
    data: { message: { uid: "ceiling", status: "pending", message_uid: body?.message_uid } },
  };
});
app.get("/readyz", async () => ({ status: "ready" }));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
