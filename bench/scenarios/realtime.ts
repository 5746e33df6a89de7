import WebSocket from "ws";
import { percentile } from "../lib/load.js";
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Scenario 4: an app posts incoming messages while `sockets` staff pages are connected; the time
 * from the POST to the `message.created` event on the sockets. Every socket receives every event;
 * a sample of them parses and times it, so the measuring does not starve the server.
 */
export async function realtime(
  sockets: number,
  messages: number,
  ratePerSecond: number,
): Promise<RealtimeResult> {
  const receiver = new Receiver();
  await receiver.start();
  const storage = new Storage("sqlite");
  const server = await storage.start();
  const open: WebSocket[] = [];
  try {
    const tenant = await setUpTenant(server.url, storage.directoryToken, receiver.url, 1);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const sampleEvery = Math.max(1, Math.floor(sockets / 50));
    const wsUrl = `${server.url.replace("http", "ws")}/api/realtime`;
    for (let index = 0; index < sockets; index++) {
      const socket = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${tenant.staffToken}` } });
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
    const session = tenant.sessions[0];
    for (let index = 0; index < messages; index++) {
      const messageUid = `rt-${index}`;
      sentAt.set(messageUid, performance.now());
      void fetch(`${server.url}/business/communication/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${tenant.appToken}`, "content-type": "application/json" },
        body: JSON.stringify({
          channel_uid: tenant.channelUid,
          external_uid: session?.externalUid,
          message: "typing fast",
          message_uid: messageUid,
        }),
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
    await server.stop();
    await receiver.close();
    await storage.remove();
  }
}
