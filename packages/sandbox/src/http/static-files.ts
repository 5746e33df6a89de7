import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The page's build (`vite build`): `dist/page` of this package, found alike from `src/http` and `dist/http`. */
export const PAGE_DIST = fileURLToPath(new URL("../../dist/page/", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".map": "application/json",
};

// The page loads its own scripts and styles; pictures in messages come from wherever they are hosted.
const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' https: http: data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36em; margin: 4em auto; line-height: 1.5">
<h1>The sandbox is running</h1><p>Its page has not been built yet: run <code>npm run build</code> at the
root of the repository (or <code>npm start</code>, which builds first), then reload.</p></body></html>`;

/** The build's files by URL path, read once: only these are served, so no request path reaches the disk. */
let filesOf: { root: string; files: Map<string, string> } | null = null;

function pageFiles(root: string): Map<string, string> {
  if (filesOf?.root === root) return filesOf.files;
  const files = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    files.set(`/${relative(root, file).split(sep).join("/")}`, file);
  }
  filesOf = { root, files };
  return files;
}

/** Serves the page: its files as they are (hashed assets cached for good), index.html for the page's root. */
export function servePage(response: ServerResponse, path: string, root = PAGE_DIST): void {
  const index = join(root, "index.html");
  if (!existsSync(index)) {
    response.writeHead(200, { "content-type": TYPES[".html"] ?? "text/html" }).end(NOT_BUILT);
    return;
  }
  const file = path === "" || path === "/" ? index : pageFiles(root).get(path);
  if (!file) {
    response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    return;
  }
  const hashed = path.startsWith("/assets/");
  response.writeHead(200, {
    ...PAGE_HEADERS,
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "cache-control":
      file === index ? "no-cache" : hashed ? "public, max-age=31536000, immutable" : "max-age=3600",
  });
  response.end(readFileSync(file));
}
