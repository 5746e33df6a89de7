import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP proxy in front of Tandem that loses answers: a request the test picks is forwarded
 * (Tandem does the work) and then its connection is cut before the answer reaches the caller, as a
 * network failure after the fact would. Every request it saw is recorded.
 */
export class LossyProxy {
  readonly seen: string[] = [];
  url = "";
  private server: Server | null = null;
  private toLose: (request: IncomingMessage, index: number) => boolean = () => false;

  constructor(private readonly target: string) {}

  loseAnswerOf(predicate: (request: IncomingMessage, index: number) => boolean): void {
    this.toLose = predicate;
  }

  async start(): Promise<string> {
    const server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const key = `${request.method} ${request.url}`;
      this.seen.push(key);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string" && name !== "host" && name !== "connection") headers.set(name, value);
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(`${this.target}${request.url}`, {
        method: request.method ?? "GET",
        headers,
        ...(body ? { body } : {}),
      });
      const text = await answer.text();
      if (this.toLose(request, this.seen.length - 1)) {
        request.socket.destroy();
        return;
      }
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (name !== "content-length" && name !== "transfer-encoding" && name !== "connection")
          out[name] = value;
      });
      response.writeHead(answer.status, out);
      response.end(text);
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
