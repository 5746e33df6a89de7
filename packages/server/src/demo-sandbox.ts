import type { Sandbox } from "@tandem/sandbox";
import type { Logger } from "pino";
import type { Config } from "./config.js";

/**
 * The built-in sandbox app (SPEC §9), loaded only when the demo runs in a process that serves the
 * API: with TANDEM_DEMO=false its code is never read. It is mounted on Tandem's listener at /sandbox
 * and reaches Tandem like any app, over HTTP, so Tandem must be allowed to call a private address.
 */
export async function loadSandbox(config: Config, logger: Logger): Promise<Sandbox | null> {
  if (!config.demo || !config.roles.api) return null;
  if (!config.allowPrivateWebhooks) {
    logger.warn(
      "the sandbox app is off: it listens on this machine, and TANDEM_ALLOW_PRIVATE_WEBHOOKS=false refuses webhooks to private addresses",
    );
    return null;
  }
  try {
    const { createSandbox } = await import("@tandem/sandbox");
    return createSandbox({ dataDir: config.dataDir, log: logger });
  } catch (error) {
    // Tandem runs without its demo app rather than not at all (an unbuilt package, say).
    logger.warn({ err: error }, "the sandbox app could not be loaded: run `npm run build`");
    return null;
  }
}

/** The address the sandbox reaches Tandem at: the listener's, with a wildcard host made local. */
export const localUrlOf = (url: string) =>
  url.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:");
