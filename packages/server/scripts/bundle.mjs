#!/usr/bin/env node
// The server as `npm start` runs it: src/main.ts and what it imports at start, bundled by esbuild
// into dist/bundle/. Node 20's ESM loader spent 700 ms of a 1.3 s cold start resolving, reading and
// linking some 1,500 module files (kysely and TypeBox alone are 460); the bundle is a few files.
// `npm run build` runs it after tsc, whose dist/ the CLI and the bench's references still use.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const PACKAGE = join(import.meta.dirname, "..");

/**
 * Left to Node's own loader: native addons (better-sqlite3), what is imported only when needed
 * (pg on PostgreSQL, oidc-provider on the first OAuth request, undici once the server listens: a
 * module imported by `import()` would come back with its default export only), and the reference
 * UI, which serves files from beside its own code; and the sandbox app, loaded only when the demo runs,
 * which serves its page's build from beside its own code.
 */
const EXTERNAL = [
  "better-sqlite3",
  "pg",
  "pg-native",
  "oidc-provider",
  "undici",
  "@fastify/swagger-ui",
  "@tandem/sandbox",
];

/**
 * Bundles into `outdir`, which must sit two folders below the package (as dist/bundle does): the
 * page's build is found from there (`http/web-app.ts`).
 */
export async function bundleServer(outdir = join(PACKAGE, "dist/bundle")) {
  // Chunks are named by their content: the last build's would stay beside the new ones.
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [join(PACKAGE, "src/main.ts")],
    outdir,
    bundle: true,
    // Code reached by `import()` (the OAuth server, the PostgreSQL dialect) stays in chunks of its
    // own, loaded when first needed, as it is unbundled.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL,
    sourcemap: "linked",
    logLevel: "warning",
    // CommonJS packages inside the bundle call `require` for Node's own modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return join(outdir, "main.js");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await bundleServer();
