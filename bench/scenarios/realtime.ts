import WebSocket from "ws";
import { percentile } from "../lib/load.js";
import { startProcess } from "../lib/processes.js";
import { Receiver } from "../lib/receiver.js";
import { Storage, setUpTenant } from "../lib/tandem.js";

export interface RealtimeResult {
  sockets: number;
  messages: number;
  sampledSockets: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

/** What the measuring client talks to: a server with a socket route and an ingest route. */
interface FanOutTarget {
  url: string;
  socketHeaders: Record<string, string>;
  postHeaders: Record<string, string>;
  body(messageUid: string): Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens `sockets` sockets, then POSTs `messages` at `ratePerSecond`; the time from each POST to its
 * `message.created` on the sockets. Every socket receives every event; a sample of them parses and
 * times it, so the measuring does not starve the server.
 */
async function measureFanOut(
  target: FanOutTarget,
  sockets: number,
  messages: number,
  ratePerSecond: number,
): Promise<RealtimeResult> {
  const open: WebSocket[] = [];
  try {
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const sampleEvery = Math.max(1, Math.floor(sockets / 50));
    const wsUrl = `${target.url.replace("http", "ws")}/api/realtime`;
    for (let index = 0; index < sockets; index++) {
      const socket = new WebSocket(wsUrl, { headers: target.socketHeaders });
      const sampled = index % sampleEvery === 0;
      await new Promise<void>((resolve, reject) => {
        socket.once("open", () => resolve());
        socket.once("error", reject);
      });
      if (sampled) {
        socket.on("message", (raw) => {
          const event = JSON.parse(String(raw)) as { type: string; data?: { message_uid?: string } };
          const started =
            event.type === "message.created" ? sentAt.get(event.data?.message_uid ?? "") : undefined;
          if (started !== undefined) latencies.push(performance.now() - started);
        });
      }
      open.push(socket);
    }
    for (let index = 0; index < messages; index++) {
      const messageUid = `rt-${index}`;
      sentAt.set(messageUid, performance.now());
      void fetch(`${target.url}/business/communication/messages`, {
        method: "POST",
        headers: { ...target.postHeaders, "content-type": "application/json" },
        body: JSON.stringify(target.body(messageUid)),
      });
      await sleep(1000 / ratePerSecond);
    }
    await sleep(2_000);
    return {
      sockets,
      messages,
      sampledSockets: Math.ceil(sockets / sampleEvery),
      samples: latencies.length,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
    };
  } finally {
    for (const socket of open) socket.terminate();
  }
}

/** Scenario 4: an app posts incoming messages while `sockets` staff pages of its business are connected. */
export async function realtime(
  sockets: number,
  messages: number,
  ratePerSecond: number,
): Promise<RealtimeResult> {
  const receiver = new Receiver();
  await receiver.start();
  const storage = new Storage("sqlite");
  const server = await storage.start();
  try {
    const tenant = await setUpTenant(server.url, storage.directoryToken, receiver.url, 1);
    const session = tenant.sessions[0];
    const target: FanOutTarget = {
      url: server.url,
      socketHeaders: { authorization: `Bearer ${tenant.staffToken}` },
      postHeaders: { authorization: `Bearer ${tenant.appToken}` },
      body: (messageUid) => ({
        channel_uid: tenant.channelUid,
        external_uid: session?.externalUid,
        message: "typing fast",
        message_uid: messageUid,
      }),
    };
    return await measureFanOut(target, sockets, messages, ratePerSecond);
  } finally {
    await server.stop();
    await receiver.close();
    await storage.remove();
  }
}

/**
 * The realtime floor: the same client against a bare Fastify route broadcasting to
 * @fastify/websocket; `twoEvents`: the two events Tandem sends for each incoming message.
 */
export async function realtimeFloor(
  script: string,
  sockets: number,
  messages: number,
  ratePerSecond: number,
  twoEvents = false,
): Promise<RealtimeResult> {
  const server = await startProcess(script, twoEvents ? { TWO_EVENTS: "1" } : {});
  try {
    const target: FanOutTarget = {
      url: server.url,
      socketHeaders: {},
      postHeaders: {},
      body: (messageUid) => ({ message: "typing fast", message_uid: messageUid }),
    };
    return await measureFanOut(target, sockets, messages, ratePerSecond);
  } finally {
    await server.stop();
  }
}
