import { existsSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";

/** The conversation page's build (`npm run build` in packages/web), beside this package in the repo. */
export const WEB_DIST = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

/** Paths that belong to the server: an unknown one under them answers the JSON 404, never the page. */
const SERVER_PATHS = [
  "/api",
  "/platform",
  "/business",
  "/oauth",
  "/app",
  "/docs",
  "/openapi.json",
  "/healthz",
  "/readyz",
  "/metrics",
  // The sandbox app's, mounted apart when the demo runs (server.ts); without it, a 404.
  "/sandbox",
];

const isServerPath = (path: string) =>
  SERVER_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

// The page loads its own scripts and styles only; images in messages come from wherever apps host them.
const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' https: http: data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tandem</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36em; margin: 4em auto; line-height: 1.5">
<h1>Tandem is running</h1>
<p>The conversation page has not been built yet. Run <code>npm run build</code> at the root of the
repository (or <code>npm start</code>, which builds first), then reload.</p>
<p>The API reference is at <a href="/docs">/docs</a>.</p>
</body></html>`;

function fileIn(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(root, `.${decoded}`);
  if (!file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

function sendPage(reply: FastifyReply) {
  return reply
    .headers({ ...PAGE_HEADERS, "cache-control": "no-cache" })
    .sendFile("index.html", { cacheControl: false });
}

/**
 * Serves the built page at `/`: its files as they are (hashed assets cached for good), and
 * index.html for any other GET outside the server's own paths, so links into the page work.
 */
export async function registerWebApp(http: FastifyInstance, root = WEB_DIST): Promise<void> {
  if (!existsSync(join(root, "index.html"))) {
    http.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply.type("text/html").send(NOT_BUILT),
    );
    return;
  }
  await http.register(fastifyStatic, { root, serve: false });
  http.get("/*", { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (isServerPath(path)) return reply.callNotFound();
    const file = path === "/" ? null : fileIn(root, path);
    if (!file) return sendPage(reply);
    const name = relative(root, file);
    if (name === "index.html") return sendPage(reply);
    const hashed = name.startsWith(`assets${sep}`);
    return reply.sendFile(name, { maxAge: hashed ? "365d" : "1h", immutable: hashed });
  });
}
