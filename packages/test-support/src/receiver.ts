import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { JsonObject } from "./http.js";

/** One webhook as the app received it, with its signature checked by the Standard Webhooks library. */
export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  rawBody: string;
  /** The parsed JSON body (empty when the body was not JSON; `rawBody` has it as sent). */
  body: JsonObject;
  webhookId: string;
  signatureValid: boolean;
  receivedAt: number;
}

export type Responder = (webhook: ReceivedWebhook) => {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
};

/**
 * A real HTTP server on 127.0.0.1 playing the communication app's `api_uri`: it records every
 * webhook, verifies its signature and answers as the test says (204 by default).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server: Server | null = null;
  private secrets: string[] = [""];
  private respond: Responder = () => ({ status: 204 });
  private waiters: Array<() => void> = [];
  baseUrl = "";

  async start(prefix = "/app"): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const rawBody = Buffer.concat(chunks).toString("utf8");
        const webhook = this.record(request, rawBody, prefix);
        const answer = this.respond(webhook);
        const finish = () => {
          response.writeHead(answer.status, answer.headers ?? {});
          response.end(answer.body ?? "");
        };
        if (answer.delayMs) setTimeout(finish, answer.delayMs);
        else finish();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}${prefix}`;
    return this.baseUrl;
  }

  /** The app's webhook secret (`whsec_…`), used to verify every later webhook. */
  useSecret(secret: string): void {
    this.secrets = [secret];
  }

  /** Several secrets the app holds at once (around a rotation): a webhook signed with any of them verifies. */
  useSecrets(secrets: string[]): void {
    this.secrets = [...secrets];
  }

  answerWith(responder: Responder): void {
    this.respond = responder;
  }

  private record(request: IncomingMessage, rawBody: string, prefix: string): ReceivedWebhook {
    const signatureValid = this.secrets.some((secret) => {
      try {
        new Webhook(secret).verify(rawBody, {
          "webhook-id": String(request.headers["webhook-id"]),
          "webhook-timestamp": String(request.headers["webhook-timestamp"]),
          "webhook-signature": String(request.headers["webhook-signature"]),
        });
        return true;
      } catch {
        return false;
      }
    });
    let body: JsonObject = {};
    try {
      body = JSON.parse(rawBody) as JsonObject;
    } catch {
      // Not JSON: the tests read rawBody.
    }
    const webhook: ReceivedWebhook = {
      method: request.method ?? "",
      path: (request.url ?? "").replace(prefix, "") || "/",
      headers: request.headers,
      rawBody,
      body,
      webhookId: String(request.headers["webhook-id"]),
      signatureValid,
      receivedAt: Date.now(),
    };
    this.received.push(webhook);
    for (const wake of this.waiters.splice(0)) wake();
    return webhook;
  }

  /** Waits until a webhook matching `predicate` has arrived (and answers it). */
  async waitFor(
    predicate: (webhook: ReceivedWebhook) => boolean,
    timeoutMs = 5_000,
  ): Promise<ReceivedWebhook> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const seen = this.received
          .map((webhook) => `${webhook.method} ${webhook.path} ${webhook.rawBody}`)
          .join("\n  ");
        throw new Error(`no matching webhook within ${timeoutMs} ms; received:\n  ${seen}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  matching(predicate: (webhook: ReceivedWebhook) => boolean): ReceivedWebhook[] {
    return this.received.filter(predicate);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
