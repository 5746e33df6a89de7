import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeListener, type WebhookHandler } from "@tandem/sdk";
import type { NetworkSwitches } from "../wire.js";

/** What "slow network" adds before each webhook is answered: long, yet well inside Tandem's 10 s timeout. */
export const DEFAULT_SLOW_MS = 3_000;

const answer = (response: ServerResponse, status: number, error: string, message: string) =>
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error, message }));

/**
 * The app's api_uri: Tandem's signed calls go to the SDK's handler, through the failure switches.
 * "Network down" answers 503, so Tandem keeps the events and retries them in order; "slow network"
 * answers after a delay.
 */
export class WebhookEndpoint {
  private listener: ReturnType<typeof nodeListener> | null = null;

  constructor(
    private readonly basePath: string,
    private readonly switches: () => NetworkSwitches,
    private readonly slowMs: number,
  ) {}

  /** Set up: from now on calls are verified with the app's webhook secret. */
  use(handler: WebhookHandler): void {
    this.listener = nodeListener(handler, { basePath: this.basePath });
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.switches().down) {
      answer(response, 503, "network_down", "the sandbox network is down (switched off on /sandbox)");
      return;
    }
    if (!this.listener) {
      answer(response, 503, "starting", "the sandbox is still setting up");
      return;
    }
    if (this.switches().slow) await new Promise((resolve) => setTimeout(resolve, this.slowMs));
    this.listener(request, response);
  }
}
