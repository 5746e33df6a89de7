import type { IncomingMessage, ServerResponse } from "node:http";
import type { Feed } from "./feed.js";
import { InputError } from "./inputs.js";
import { MEDIA } from "./media.js";
import type { PageApi } from "./page-api.js";
import { servePage } from "./static-files.js";
import type { WebhookEndpoint } from "./webhook-endpoint.js";

/** Where the sandbox is mounted beside Tandem. */
export const SANDBOX_BASE = "/sandbox";
export const WEBHOOK_BASE = `${SANDBOX_BASE}/webhooks`;

const MAX_BODY_BYTES = 64 * 1024;

export interface RouterParts {
  api: PageApi;
  feed: Feed;
  webhooks: WebhookEndpoint;
}

const json = (response: ServerResponse, status: number, body: unknown) =>
  response
    .writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" })
    .end(JSON.stringify(body));

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  // JSON only: a cross-site form cannot send it without the browser asking first.
  if (!request.headers["content-type"]?.startsWith("application/json")) {
    throw new InputError(415, null, "the body must be JSON (content-type: application/json)");
  }
  let text = "";
  for await (const chunk of request) {
    text += chunk;
    if (text.length > MAX_BODY_BYTES) throw new InputError(413, null, "the body is too large");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InputError(400, null, "the body is not JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InputError(422, null, "the body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/**
 * The sandbox's HTTP side, a Node request listener for everything under /sandbox: its page, its
 * page's JSON API and live feed, pictures, and its webhook endpoint (its api_uri).
 */
export function sandboxListener(parts: RouterParts) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? "/").split("?", 1)[0] ?? "/";
    if (path !== SANDBOX_BASE && !path.startsWith(`${SANDBOX_BASE}/`)) {
      json(response, 404, { error: { field: null, message: `nothing at ${path}` } });
      return;
    }
    const under = path === SANDBOX_BASE ? "/" : path.slice(SANDBOX_BASE.length);
    route(parts, request, response, under).catch((error: unknown) => {
      if (response.headersSent) {
        response.end();
        return;
      }
      if (error instanceof InputError) {
        json(response, error.status, { error: { field: error.field, message: error.message } });
        return;
      }
      json(response, 500, { error: { field: null, message: "the sandbox failed; see Tandem's log" } });
    });
  };
}

async function route(
  parts: RouterParts,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  if (path.startsWith("/webhooks/")) return parts.webhooks.handle(request, response);
  const method = request.method ?? "GET";
  if (path.startsWith("/api/")) {
    if (path === "/api/events" && method === "GET") {
      parts.feed.open(response, { type: "state", state: parts.api.state() });
      return;
    }
    const body = method === "GET" ? {} : await readJson(request);
    const answer = await parts.api.call(method, path.slice("/api".length), body);
    json(response, answer.status, answer.body);
    return;
  }
  if (method !== "GET" && method !== "HEAD") {
    json(response, 405, { error: { field: null, message: `${method} is not allowed here` } });
    return;
  }
  if (path.startsWith("/media/")) {
    const media = MEDIA[path.slice("/media/".length)];
    if (!media) {
      json(response, 404, { error: { field: null, message: "no such picture" } });
      return;
    }
    response.writeHead(200, { "content-type": media.type, "cache-control": "max-age=86400" }).end(media.body);
    return;
  }
  servePage(response, path);
}
