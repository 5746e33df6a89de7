import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { Agent, request } from "undici";
import { load, percentile } from "../lib/load.js";
import { Receiver } from "../lib/receiver.js";
import { type Dialect, Storage, setUpTenant } from "../lib/tandem.js";

const SESSIONS = 64;
/**
 * Requests Tandem may have open to the app at once (TANDEM_WEBHOOK_CONCURRENCY), and the floor's
 * connections: one per conversation of the load. A conversation's deliveries go one at a time, in
 * order; with fewer slots than busy conversations, the ones without a slot wait for another to
 * empty (32 slots for these 64: p99 627 ms at 1,000 events/s).
 */
const CONCURRENCY = SESSIONS;

export interface DeliveryResult {
  events: number;
  deliveriesPerSecond: number;
  floorPerSecond: number;
  ceilingPerSecond: number;
  steadyRate: number;
  steadyDelivered: number;
  steadyP50Ms: number;
  steadyP99Ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a webhook of Tandem's looks like on the wire: its body and the headers it brings. */
interface Webhook {
  body: string;
  headers: Record<string, string>;
}

/** Of a request Tandem sent, the headers it chose (not those every HTTP client adds). */
function webhookOf(received: { body: string; headers: Record<string, string> }): Webhook {
  const headers = Object.fromEntries(
    Object.entries(received.headers).filter(
      ([name]) => name.startsWith("webhook-") || name === "user-agent" || name === "content-type",
    ),
  );
  return { body: received.body, headers };
}

/**
 * The floor: a raw undici POST loop to the same receiver, as many at once as Tandem may send, each
 * request the same bytes as one of Tandem's webhooks.
 */
async function undiciFloor(url: string, total: number, webhook: Webhook): Promise<number> {
  const agent = new Agent({ connections: CONCURRENCY });
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < total) {
        sent++;
        const response = await request(`${url}/messages`, {
          method: "POST",
          body: webhook.body,
          headers: webhook.headers,
          dispatcher: agent,
        });
        await response.body.dump();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return Math.round(total / seconds);
}

/**
 * The ceiling: the floor's loop plus each delivery's claim and outcome made durable on Tandem's own
 * tables with the raw SQLite driver (`servers/delivery-ceiling.mjs`), in a process of its own as
 * Tandem's worker is.
 */
async function deliveryCeiling(url: string, total: number, webhook: Webhook): Promise<number> {
  const storage = new Storage("sqlite");
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(import.meta.dirname, "../servers/delivery-ceiling.mjs")],
      {
        env: {
          ...process.env,
          TANDEM_DATA_DIR: storage.dataDir,
          RECEIVER_URL: url,
          EVENTS: String(total),
          CONCURRENCY: String(CONCURRENCY),
          WEBHOOK: JSON.stringify(webhook),
        },
      },
    );
    return (JSON.parse(stdout) as { deliveriesPerSecond: number }).deliveriesPerSecond;
  } finally {
    await storage.remove();
  }
}

/**
 * Scenario 3. Throughput: staff sends fill the outbox while no worker runs, then a worker-only
 * process drains it. Latency: a steady 1,000 sends/s with the worker on, measured from the
 * message's creation to its arrival at the receiver.
 */
export async function delivery(
  dialect: Dialect,
  events: number,
  steadySeconds: number,
): Promise<DeliveryResult> {
  const receiver = new Receiver();
  await receiver.start();
  const storage = new Storage(dialect);
  const workerEnv = { TANDEM_WEBHOOK_CONCURRENCY: String(CONCURRENCY) };
  try {
    const apiOnly = await storage.start({ ...workerEnv, TANDEM_ROLES: "api" });
    const tenant = await setUpTenant(apiOnly.url, storage.directoryToken, receiver.url, SESSIONS);
    const before = receiver.received;
    let count = 0;
    const sendPath = () => `/api/conversations/${tenant.sessions[count++ % SESSIONS]?.clientUid}/messages`;
    const sendBody = () =>
      JSON.stringify({ channel_uid: tenant.channelUid, message: "Your order is ready for pickup." });
    await load({
      url: `${apiOnly.url}/api/conversations/x/messages`,
      method: "POST",
      headers: { authorization: `Bearer ${tenant.staffToken}` },
      path: sendPath,
      body: sendBody,
      connections: 16,
      durationSeconds: 120,
      amount: events,
    });
    await apiOnly.stop();

    // Timed from the first delivery to arrive to the last: the worker process's start is the cold
    // start figure, not delivery.
    const worker = await storage.start({ ...workerEnv, TANDEM_ROLES: "worker" });
    while (receiver.received === before) await sleep(1);
    const drainStarted = performance.now();
    while (receiver.received - before < events) await sleep(1);
    const deliveriesPerSecond = Math.round((events - 1) / ((performance.now() - drainStarted) / 1000));
    await worker.stop();

    if (!receiver.last) throw new Error("the receiver got nothing from Tandem");
    const webhook = webhookOf(receiver.last);
    const floorPerSecond = await undiciFloor(receiver.url, events, webhook);
    const ceilingPerSecond = await deliveryCeiling(receiver.url, events, webhook);

    const full = await storage.start(workerEnv);
    const latencies: number[] = [];
    const steadyRate = 1000;
    const steadyLoad = (durationSeconds: number) =>
      load({
        url: `${full.url}/api/conversations/x/messages`,
        method: "POST",
        headers: { authorization: `Bearer ${tenant.staffToken}` },
        path: sendPath,
        body: sendBody,
        connections: 32,
        durationSeconds,
        overallRate: steadyRate,
      });
    // Two seconds of the same load first, not counted, as the ingest scenario warms up: a process
    // that just started still compiles its routes' validators in the background.
    await steadyLoad(2);
    // Only the messages of the measured load: the drain stopped once `events` webhooks arrived, the
    // setup's own (sessions, channel) among them, so as many were left over; they arrive now, from
    // seconds before (once the sender loaded lazily, they came after this point and counted).
    const steadyStarted = Date.now();
    receiver.onBody = (body, receivedAt) => {
      const createdAt = Date.parse((JSON.parse(body) as { created_at?: string }).created_at ?? "");
      if (createdAt >= steadyStarted) latencies.push(receivedAt - createdAt);
    };
    await steadyLoad(steadySeconds);
    await sleep(1_000);
    receiver.onBody = null;
    await full.stop();
    return {
      events,
      deliveriesPerSecond,
      floorPerSecond,
      ceilingPerSecond,
      steadyRate,
      steadyDelivered: latencies.length,
      steadyP50Ms: percentile(latencies, 0.5),
      steadyP99Ms: percentile(latencies, 0.99),
    };
  } finally {
    await receiver.close();
    await storage.remove();
  }
}
