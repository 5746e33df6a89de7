import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import {
  expressMiddleware,
  fastifyPlugin,
  fetchHandler,
  type HandlesWebhooks,
  nodeListener,
  type WebhookHandler,
} from "../../src/index.js";

/** The app's webhook endpoint on a real local server, one per adapter; webhooks live under /app. */
export interface WebhookServer {
  /** The api_uri: `http://127.0.0.1:port/app`. */
  apiUri: string;
  close(): Promise<void>;
}

export type AdapterName = "node http" | "express-style" | "fastify" | "fetch";
export const ADAPTERS: AdapterName[] = ["node http", "express-style", "fastify", "fetch"];
export const BASE_PATH = "/app";

async function listen(server: Server): Promise<WebhookServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUri: `http://127.0.0.1:${port}${BASE_PATH}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Web Request from a Node request, as a fetch-handler platform (Hono on Node, Deno, Bun) builds it. */
async function webRequest(request: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const method = request.method ?? "GET";
  return new Request(`http://${request.headers.host}${request.url}`, {
    method,
    headers,
    ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
  });
}

/** `current()` is read on each request, so a test can build the handler after the server listens. */
export async function startWebhookServer(
  adapter: AdapterName,
  current: () => WebhookHandler,
): Promise<WebhookServer> {
  const handler: HandlesWebhooks = { handle: (request) => current().handle(request) };
  switch (adapter) {
    case "node http":
      return listen(
        createServer((request, response) =>
          nodeListener(handler, { basePath: BASE_PATH })(request, response),
        ),
      );
    case "express-style": {
      const middleware = expressMiddleware(handler, { basePath: BASE_PATH });
      // Express hands each middleware (req, res, next); what a middleware passes on falls to the app's 404.
      return listen(
        createServer((request, response) =>
          middleware(request, response, async (error?: unknown) => {
            // The next middleware reads the body it was passed, untouched.
            let body = "";
            for await (const chunk of request) body += String(chunk);
            response.statusCode = error ? 500 : 404;
            response.end(error ? "error" : `passed on ${body}`.trim());
          }),
        ),
      );
    }
    case "fetch": {
      const handle = fetchHandler(handler, { basePath: BASE_PATH });
      return listen(
        createServer(async (request, response) => {
          const answer = await handle(await webRequest(request));
          response.writeHead(answer.status, Object.fromEntries(answer.headers));
          response.end(Buffer.from(await answer.arrayBuffer()));
        }),
      );
    }
    case "fastify": {
      const app = Fastify();
      // The app's own JSON routes keep Fastify's parser: the plugin's raw-text parser stays inside it.
      app.post("/echo", async (request) => ({ parsed: request.body }));
      await app.register(fastifyPlugin(handler), { prefix: BASE_PATH });
      const address = await app.listen({ port: 0, host: "127.0.0.1" });
      return { apiUri: `${address}${BASE_PATH}`, close: () => app.close() };
    }
  }
}
