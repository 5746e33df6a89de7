import type { Sandbox, SandboxTarget } from "@tandem/sandbox";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import type { MountedListener } from "./http/mounts.js";

/** Where npm start mounts the sandbox (the package serves everything under it). */
const SANDBOX_PATH = "/sandbox";

export interface DemoSandbox {
  mount: MountedListener;
  /** Loads the sandbox and sets it up at Tandem, once Tandem listens. */
  start(target: SandboxTarget): Promise<void>;
  close(): Promise<void>;
}

/**
 * The built-in sandbox app (SPEC §9), when the demo runs in a process that serves the API. Its path
 * is mounted before Tandem listens, but its code is loaded only after, so Tandem's readiness never
 * waits for it; with TANDEM_DEMO=false it is never read. It reaches Tandem like any app, over HTTP,
 * so Tandem must be allowed to call a private address.
 */
export function demoSandbox(config: Config, logger: Logger): DemoSandbox | null {
  if (!config.demo || !config.roles.api) return null;
  if (!config.allowPrivateWebhooks) {
    logger.warn(
      "the sandbox app is off: it listens on this machine, and TANDEM_ALLOW_PRIVATE_WEBHOOKS=false refuses webhooks to private addresses",
    );
    return null;
  }
  let sandbox: Sandbox | null = null;
  return {
    mount: {
      basePath: SANDBOX_PATH,
      listener: (request, response) => {
        if (sandbox) {
          sandbox.listener(request, response);
          return;
        }
        // In the sandbox API's own envelope for its page's calls; in words for a person.
        const api = request.url?.startsWith(`${SANDBOX_PATH}/api/`);
        response
          .writeHead(503, {
            "content-type": api ? "application/json" : "text/plain; charset=utf-8",
            "retry-after": "1",
          })
          .end(
            api
              ? JSON.stringify({ error: { field: null, message: "the sandbox is starting" } })
              : "The sandbox is starting: reload in a moment.\n",
          );
      },
    },
    async start(target) {
      const { createSandbox } = await import("@tandem/sandbox");
      const created = createSandbox({ dataDir: config.dataDir, log: logger });
      sandbox = created;
      await created.start(target);
    },
    async close() {
      await sandbox?.close();
    },
  };
}

/** The address the sandbox reaches Tandem at: the listener's, with a wildcard host made local. */
export const localUrlOf = (url: string) =>
  url.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:");
