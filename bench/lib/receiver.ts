import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A local app endpoint answering 204 at once (a challenge, echoed); it tells the bench what arrived and when. */
export class Receiver {
  private server: Server | null = null;
  received = 0;
  url = "";
  onBody: ((body: string, receivedAt: number) => void) | null = null;
  /** The last request's body and headers, so a floor can send what Tandem sent. */
  last: { body: string; headers: Record<string, string> } | null = null;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        this.received++;
        const body = Buffer.concat(chunks).toString();
        this.last = { body, headers: request.headers as Record<string, string> };
        this.onBody?.(body, Date.now());
        // A subscription's target proves itself by echoing Tandem's challenge.
        const challenge = body.includes('"subscription.verification"')
          ? (JSON.parse(body) as { challenge?: string }).challenge
          : undefined;
        if (challenge)
          response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ challenge }));
        else response.writeHead(204).end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
