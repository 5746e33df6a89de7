import type { HandlesWebhooks, WebhookAnswer } from "../handler.js";
import { matchWebhookRoute } from "../routes.js";
import { pathUnder } from "./base-path.js";

/** What the adapters need of Node's IncomingMessage (or Express's request built on it). */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Set when a body parser ran first (Express's `express.raw()` or `express.text()` leave the bytes). */
  body?: unknown;
}

/** What the adapters need of Node's ServerResponse. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

export interface NodeAdapterOptions {
  /** Where the app's api_uri path begins (`/tandem` for `https://app.example/tandem`); default none. */
  basePath?: string;
  /** The largest body read (default 1 MiB); larger is refused with 413. */
  maxBodyBytes?: number;
}

class BodyTooLarge extends Error {}

async function readBody(request: NodeRequestLike, maxBytes: number): Promise<string> {
  if (typeof request.body === "string") return request.body;
  if (request.body instanceof Uint8Array) return new TextDecoder().decode(request.body);
  if (request.body !== undefined && request.body !== null) {
    throw new TypeError(
      "the body was parsed before the webhook handler: mount it before express.json(), or use express.raw()",
    );
  }
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for await (const chunk of request) {
    const data = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    bytes += data.byteLength;
    if (bytes > maxBytes) throw new BodyTooLarge();
    text += decoder.decode(data, { stream: true });
  }
  return text + decoder.decode();
}

const header = (request: NodeRequestLike) => (name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function write(response: NodeResponseLike, answer: WebhookAnswer): void {
  response.statusCode = answer.status;
  if (answer.body !== undefined) response.setHeader("content-type", "application/json");
  response.end(answer.body);
}

async function answerFor(
  handler: HandlesWebhooks,
  request: NodeRequestLike,
  path: string,
  maxBytes: number,
): Promise<WebhookAnswer> {
  let body: string;
  try {
    body = await readBody(request, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      return { status: 413, body: JSON.stringify({ error: "too_large", message: "the body is too large" }) };
    }
    throw error;
  }
  return handler.handle({ method: request.method ?? "GET", path, headers: header(request), body });
}

/** A request listener for `http.createServer`: webhooks under the base path, 404 elsewhere. */
export function nodeListener(handler: HandlesWebhooks, options: NodeAdapterOptions = {}) {
  const maxBytes = options.maxBodyBytes ?? 1024 * 1024;
  return (request: NodeRequestLike, response: NodeResponseLike): void => {
    const path = pathUnder(request.url ?? "/", options.basePath ?? "");
    if (path === null) {
      write(response, {
        status: 404,
        body: JSON.stringify({ error: "not_found", message: "not a webhook" }),
      });
      return;
    }
    answerFor(handler, request, path, maxBytes).then(
      (answer) => write(response, answer),
      () =>
        write(response, {
          status: 500,
          body: JSON.stringify({ error: "unexpected", message: "unexpected" }),
        }),
    );
  };
}

/**
 * Express-style middleware (`app.use("/tandem", middleware)`): takes the calls that are webhooks,
 * passes every other one on. Mount it before `express.json()`: the signature covers the raw bytes.
 */
export function expressMiddleware(handler: HandlesWebhooks, options: NodeAdapterOptions = {}) {
  const maxBytes = options.maxBodyBytes ?? 1024 * 1024;
  return (request: NodeRequestLike, response: NodeResponseLike, next: (error?: unknown) => void): void => {
    const path = pathUnder(request.url ?? "/", options.basePath ?? "");
    // Decided before the body is read, so that what is passed on still has its body.
    if (path === null || !matchWebhookRoute(request.method ?? "", path)) {
      next();
      return;
    }
    answerFor(handler, request, path, maxBytes).then((answer) => write(response, answer), next);
  };
}
