import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the scripted server does with one request: answer it, or cut the connection. */
export type Scripted = { status: number; headers?: Record<string, string>; body?: unknown } | "cut";

/**
 * A real HTTP server that answers each request with the next entry of its script (the last entry
 * repeats), for what a test cannot make Tandem do at will: 429 then 200, a gateway's 503.
 */
export class ScriptedServer {
  readonly requests: Array<{ method: string; path: string; authorization?: string; at: number }> = [];
  url = "";
  private server: Server | null = null;

  constructor(private readonly script: Scripted[]) {}

  async start(): Promise<string> {
    const server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        this.requests.push({
          method: request.method ?? "",
          path: request.url ?? "",
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
          at: performance.now(),
        });
        const next = this.script[Math.min(this.requests.length - 1, this.script.length - 1)] ?? "cut";
        if (next === "cut") {
          request.socket.destroy();
          return;
        }
        response.writeHead(next.status, { "content-type": "application/json", ...next.headers });
        response.end(next.body === undefined ? "" : JSON.stringify(next.body));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export const ok = (data: unknown): Scripted => ({ status: 200, body: { success: true, data } });
export const rateLimited = (retryAfter: string): Scripted => ({
  status: 429,
  headers: { "retry-after": retryAfter, "x-request-id": "req-429" },
  body: { success: false, errors: [{ code: "rate_limited", message: "too many requests" }] },
});
export const unavailable: Scripted = {
  status: 503,
  body: { success: false, errors: [{ code: "unexpected", message: "unavailable" }] },
};
