import type { HandlesWebhooks } from "../handler.js";
import { pathUnder } from "./base-path.js";

export interface FetchAdapterOptions {
  /** Where the app's api_uri path begins (`/tandem`); default none. */
  basePath?: string;
}

/**
 * The Web `Request` → `Response` form: Hono (`app.all("/tandem/*", (c) => handle(c.req.raw))`),
 * Next.js route handlers, Cloudflare Workers, Deno.serve, Bun.serve.
 */
export function fetchHandler(handler: HandlesWebhooks, options: FetchAdapterOptions = {}) {
  return async (request: Request): Promise<Response> => {
    const path = pathUnder(new URL(request.url).pathname, options.basePath ?? "");
    const answer =
      path === null
        ? { status: 404, body: JSON.stringify({ error: "not_found", message: "not a webhook" }) }
        : await handler.handle({
            method: request.method,
            path,
            headers: (name) => request.headers.get(name),
            body: await request.text(),
          });
    return new Response(answer.body ?? null, {
      status: answer.status,
      headers: answer.body === undefined ? {} : { "content-type": "application/json" },
    });
  };
}
