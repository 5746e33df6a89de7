import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  APP_CHECK_NAMES,
  type AppCheckName,
  type AppCheckOutcome,
  type AppCheckReport,
  WEBHOOK_EVENT_NAMES,
} from "@tandem/contract";
import { nodeListener, WebhookHandler } from "@tandem/sdk";

/*
 * Apps for an app check to play Tandem against, each a real HTTP server on 127.0.0.1: one built on
 * the SDK, and broken ones. Shared by the CLI's tests and the settings page API's.
 */

export const SIGNATURE_CHECKS: AppCheckName[] = [
  "bad_signature",
  "no_signature",
  "stale_timestamp",
  "altered_body",
];

const servers: ReturnType<typeof createServer>[] = [];

/** Serves `listener` on a port of its own; answers its base URL. */
export async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes every app `listen` started (a suite's `after`). */
export async function closeApps(): Promise<void> {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** An app that reads the call and answers `status`, whatever the call carries. */
export const answering =
  (status: number): RequestListener =>
  (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on("end", () => response.writeHead(status).end());
  };

/** An app on the SDK's WebhookHandler holding `secret`; `handled` lists each event its code was handed. */
export function sdkApp(secret: string | readonly string[], adapter?: Parameters<typeof nodeListener>[1]) {
  const handled: string[] = [];
  const note = (kind: string) => () => {
    handled.push(kind);
  };
  const handler = new WebhookHandler({
    secret,
    onChannelStatus: note("channel.updated"),
    onSessionStatus: note("session.updated"),
    onOutgoingMessage: note("message.created"),
    onMessageStatus: note("message.updated"),
    onTyping: note("typing"),
  });
  return { handled, listener: nodeListener(handler, adapter) };
}

/** Each check's outcome by `kind/check`. */
export const outcomes = (report: AppCheckReport) =>
  new Map(report.checks.map((check) => [`${check.kind}/${check.check}`, check.outcome]));

/** What every check of the catalog should be, as `decide` says. */
export function expectedOutcomes(
  decide: (kind: string, check: AppCheckName) => AppCheckOutcome,
): Map<string, AppCheckOutcome> {
  return new Map(
    WEBHOOK_EVENT_NAMES.flatMap((kind) =>
      APP_CHECK_NAMES.map((check) => [`${kind}/${check}`, decide(kind, check)] as const),
    ),
  );
}

/** An app that never answers, or cannot be reached: the valid calls of the first two kinds fail, nothing else is made. */
export function firstTwoValidCallsFail(kind: string, check: AppCheckName): AppCheckOutcome {
  const [first, second] = WEBHOOK_EVENT_NAMES;
  return check === "signed" && (kind === first || kind === second) ? "fail" : "skip";
}
