import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { FastifyServerFactory } from "fastify";

/**
 * Something that answers HTTP apart from Tandem on Tandem's listener, such as the sandbox app: the
 * requests under its base path reach its own listener, never Tandem's routes, hooks or metrics.
 */
export interface MountedListener {
  basePath: string;
  listener: (request: IncomingMessage, response: ServerResponse) => void;
}

const isUnder = (url: string, basePath: string) => {
  const path = url.split("?", 1)[0] ?? "";
  return path === basePath || path.startsWith(`${basePath}/`);
};

/** A server for Fastify that hands requests under a mount's base path to it; none without mounts. */
export function serverWithMounts(
  mounts: readonly MountedListener[],
): FastifyServerFactory<Server> | undefined {
  if (mounts.length === 0) return undefined;
  return (tandem, options) => {
    const server = createServer((request, response) => {
      const mount = mounts.find((candidate) => isUnder(request.url ?? "/", candidate.basePath));
      if (mount) mount.listener(request, response);
      else tandem(request, response);
    });
    // As Fastify sets up a server it makes itself.
    if (typeof options.keepAliveTimeout === "number") server.keepAliveTimeout = options.keepAliveTimeout;
    if (typeof options.requestTimeout === "number") server.requestTimeout = options.requestTimeout;
    return server;
  };
}
