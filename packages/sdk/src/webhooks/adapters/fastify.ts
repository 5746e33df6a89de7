import type { HandlesWebhooks } from "../handler.js";
import { pathUnder } from "./base-path.js";

/** What the plugin needs of a Fastify request. */
export interface FastifyRequestLike {
  method: string;
  /** As sent, still encoded: a uid holding `/` must stay one path segment. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** What the plugin needs of a Fastify reply. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(body?: string): unknown;
}

/** What the plugin needs of a Fastify instance (its own, encapsulated one). */
export interface FastifyInstanceLike {
  /** The prefix the plugin was registered with. */
  prefix: string;
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    contentType: string,
    options: { parseAs: "string"; bodyLimit?: number },
    parser: (request: never, body: string, done: (error: Error | null, body?: unknown) => void) => void,
  ): void;
  route(options: {
    method: string[];
    url: string;
    handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>;
  }): unknown;
}

export interface FastifyAdapterOptions {
  /** The largest body read (default 1 MiB). */
  maxBodyBytes?: number;
}

/**
 * A Fastify plugin: `app.register(fastifyPlugin(handler), { prefix: "/tandem" })`. Its routes take
 * every body as text, inside the plugin only (Fastify encapsulates it), because the signature
 * covers the raw bytes.
 */
export function fastifyPlugin(handler: HandlesWebhooks, options: FastifyAdapterOptions = {}) {
  return async (instance: FastifyInstanceLike): Promise<void> => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser(
      "*",
      { parseAs: "string", bodyLimit: options.maxBodyBytes ?? 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );
    instance.route({
      method: ["POST", "PUT"],
      url: "/*",
      handler: async (request, reply) => {
        const answer = await handler.handle({
          method: request.method,
          path: pathUnder(request.url, instance.prefix) ?? request.url,
          headers: (name) => {
            const value = request.headers[name];
            return Array.isArray(value) ? value[0] : value;
          },
          body: typeof request.body === "string" ? request.body : "",
        });
        reply.code(answer.status);
        if (answer.body === undefined) return reply.send();
        return reply.header("content-type", "application/json").send(answer.body);
      },
    });
  };
}
