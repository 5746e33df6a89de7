import type { JsonObject } from "@tandem/test-support";
import WebSocket from "ws";

/** One message of the page's realtime feed. */
export interface FeedMessage {
  id: number;
  type: string;
  data: JsonObject;
}

export interface FeedCredentials {
  cookie?: string;
  token?: string;
  cursor?: number | string;
  origin?: string;
}

const WAIT_MS = 10_000;

function feedUrl(baseUrl: string, cursor?: number | string): string {
  const url = new URL("/api/realtime", baseUrl.replace(/^http/, "ws"));
  if (cursor !== undefined) url.searchParams.set("cursor", String(cursor));
  return url.toString();
}

function headersFor(credentials: FeedCredentials): Record<string, string> {
  return {
    ...(credentials.cookie ? { cookie: credentials.cookie } : {}),
    ...(credentials.token ? { authorization: `Bearer ${credentials.token}` } : {}),
    ...(credentials.origin ? { origin: credentials.origin } : {}),
  };
}

/** The HTTP status a refused upgrade answers with (the test fails if the upgrade succeeds). */
export function refusedUpgrade(baseUrl: string, credentials: FeedCredentials = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(feedUrl(baseUrl, credentials.cursor), { headers: headersFor(credentials) });
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("open", () => {
      socket.terminate();
      reject(new Error("the upgrade was accepted"));
    });
    socket.on("error", () => undefined);
  });
}

/** A page's socket, as a test sees it: every message kept in order, waits by predicate. */
export class FeedSocket {
  readonly messages: FeedMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (raw) => {
      this.messages.push(JSON.parse(raw.toString()) as FeedMessage);
      for (const listener of this.listeners) listener();
    });
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const listener of this.listeners) listener();
      });
    });
  }

  static open(baseUrl: string, credentials: FeedCredentials): Promise<FeedSocket> {
    const socket = new WebSocket(feedUrl(baseUrl, credentials.cursor), { headers: headersFor(credentials) });
    const feed = new FeedSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(feed));
      socket.once("unexpected-response", (_request, response) =>
        reject(new Error(`upgrade refused with ${response.statusCode}`)),
      );
      socket.once("error", reject);
    });
  }

  /** Opens and waits for `ready`, the point from which the feed is live. */
  static async ready(baseUrl: string, credentials: FeedCredentials): Promise<FeedSocket> {
    const feed = await FeedSocket.open(baseUrl, credentials);
    await feed.waitFor((message) => message.type === "ready", "ready");
    return feed;
  }

  /** The first message (from the start) that matches; waits for it. */
  waitFor(
    predicate: (message: FeedMessage) => boolean,
    what: string,
    timeoutMs = WAIT_MS,
  ): Promise<FeedMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(predicate);
        if (found) finish(() => resolve(found));
        else if (this.socket.readyState === WebSocket.CLOSED)
          finish(() => reject(new Error(`closed before ${what}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`timed out waiting for ${what}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** The messages of one type received so far, in order. */
  ofType(type: string): FeedMessage[] {
    return this.messages.filter((message) => message.type === type);
  }

  get lastId(): number {
    return this.messages.at(-1)?.id ?? 0;
  }

  /** The close, which must come within `ms`. */
  closedWithin(ms: number): Promise<{ code: number; reason: string }> {
    return Promise.race([
      this.closed,
      new Promise<never>((_resolve, reject) =>
        setTimeout(() => reject(new Error(`the socket was still open after ${ms} ms`)), ms).unref(),
      ),
    ]);
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.closed;
  }
}

/** Event ids strictly increase; `ready` and `reset` may repeat the id before them. */
export function assertOrdered(messages: readonly FeedMessage[]): void {
  let last = -1;
  for (const message of messages) {
    const control = message.type === "ready" || message.type === "reset";
    if (control ? message.id < last : message.id <= last) {
      throw new Error(`out of order: ${JSON.stringify(messages.map(({ id, type }) => [id, type]))}`);
    }
    last = message.id;
  }
}
