import type { ServerResponse } from "node:http";
import type { FeedEvent } from "../wire.js";

/** Keeps proxies and browsers from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;

/** The phones' live feed: server-sent events, each a FeedEvent as JSON; a new page first gets the whole state. */
export class Feed {
  private readonly streams = new Set<ServerResponse>();
  private heartbeat: NodeJS.Timeout | null = null;

  open(response: ServerResponse, first: FeedEvent): void {
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    response.write(`retry: 1000\ndata: ${JSON.stringify(first)}\n\n`);
    this.streams.add(response);
    response.on("close", () => this.streams.delete(response));
    this.heartbeat ??= setInterval(() => {
      for (const stream of this.streams) stream.write(": still here\n\n");
    }, HEARTBEAT_MS).unref();
  }

  publish(event: FeedEvent): void {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of this.streams) stream.write(frame);
  }

  get size(): number {
    return this.streams.size;
  }

  /** Ends every stream, so the server can close (pages reconnect by themselves). */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }
}
