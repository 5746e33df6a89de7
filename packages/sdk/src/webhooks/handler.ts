import type { WebhookBody, WebhookEventName } from "@tandem/contract";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { matchWebhookRoute } from "./routes.js";
import { MemorySeenStore, type SeenStore } from "./seen-store.js";

/** What the path adds to a body: the uid the route names when the body does not carry it. */
interface PathValues {
  "channel.updated": { channel_uid: string };
  "session.updated": { session_uid: string };
  "message.created": Record<never, never>;
  "message.updated": { message_uid: string };
  typing: { session_uid: string };
}

/** One event as the app's code receives it: the body Tandem signed, with the path's uids. */
export type WebhookEvent<Kind extends WebhookEventName> = WebhookBody<Kind> & PathValues[Kind];

/** Which delivery an event came in. `id` is the same on every retry of one event. */
export interface WebhookDelivery {
  id: string;
  kind: WebhookEventName;
  timestamp: Date;
}

type On<Kind extends WebhookEventName> = (
  event: WebhookEvent<Kind>,
  delivery: WebhookDelivery,
) => unknown | Promise<unknown>;

/** The app's code, one function per event kind (SPEC §6); a kind without one is accepted and ignored. */
export interface WebhookHandlers {
  onChannelStatus?: On<"channel.updated">;
  onSessionStatus?: On<"session.updated">;
  /** Staff sent a message: send it on the network, then report with `messages.reportStatus`. */
  onOutgoingMessage?: On<"message.created">;
  onMessageStatus?: On<"message.updated">;
  onTyping?: On<"typing">;
}

export interface WebhookHandlerOptions extends WebhookHandlers {
  /**
   * The app's webhook secret (`whsec_…`); during a rotation the new and the previous one: a call
   * signed with any of them is accepted.
   */
  secret: string | readonly string[];
  /** Where handled webhook-ids are remembered (default: the last 10,000, in memory). */
  seen?: SeenStore;
  /** Told of every error thrown by the app's code or the seen-store (answered 500, so that Tandem retries). */
  onError?: (error: unknown, delivery: WebhookDelivery) => void;
}

/** A call as it reached the app: the path is under the app's base path (`/channels/…`). */
export interface WebhookRequest {
  method: string;
  path: string;
  headers: (name: string) => string | null | undefined;
  /** The body exactly as sent: the signature covers these bytes. */
  body: string;
}

export interface WebhookAnswer {
  status: number;
  /** JSON saying why, on a refusal; none on 204. */
  body?: string;
}

/** What the adapters call: a WebhookHandler, or anything that answers a webhook as one does. */
export interface HandlesWebhooks {
  handle(request: WebhookRequest): Promise<WebhookAnswer>;
}

const HANDLER_OF: { [Kind in WebhookEventName]: keyof WebhookHandlers } = {
  "channel.updated": "onChannelStatus",
  "session.updated": "onSessionStatus",
  "message.created": "onOutgoingMessage",
  "message.updated": "onMessageStatus",
  typing: "onTyping",
};

const refusal = (status: number, error: string, message: string): WebhookAnswer => ({
  status,
  body: JSON.stringify({ error, message }),
});

/** Why a signature check failed, as the caller should hear it. */
function signatureRefusal(failures: unknown[]): WebhookAnswer {
  const messages = failures.map((failure) => (failure instanceof Error ? failure.message : String(failure)));
  if (messages.some((message) => message.includes("Missing required headers"))) {
    return refusal(
      401,
      "missing_signature",
      "webhook-id, webhook-timestamp and webhook-signature are required",
    );
  }
  if (messages.some((message) => /timestamp too (old|new)|Invalid Signature Headers/.test(message))) {
    return refusal(
      401,
      "stale_signature",
      "webhook-timestamp is missing, unreadable or more than 5 minutes away",
    );
  }
  return refusal(401, "bad_signature", "no webhook-signature matches the body with the app's secret");
}

/**
 * Receives Tandem's webhooks: checks the Standard Webhooks signature against each secret given
 * (5 minutes' tolerance), skips a webhook-id already handled, routes the call to the app's code by
 * method and path, and answers 204 when that code returns. When it throws the answer is 500 and
 * the id is not remembered, so Tandem's retry is handled afresh.
 */
export class WebhookHandler implements HandlesWebhooks {
  private readonly verifiers: Webhook[];
  private readonly seen: SeenStore;
  /** Ids being handled now: a repeat that arrives meanwhile must not run the app's code twice. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly options: WebhookHandlerOptions) {
    const secrets = typeof options.secret === "string" ? [options.secret] : [...options.secret];
    if (secrets.length === 0) throw new TypeError("a webhook secret is required");
    this.verifiers = secrets.map((secret) => new Webhook(secret));
    this.seen = options.seen ?? new MemorySeenStore();
  }

  async handle(request: WebhookRequest): Promise<WebhookAnswer> {
    const route = matchWebhookRoute(request.method, request.path);
    if (!route) return refusal(404, "not_found", `no webhook is ${request.method} ${request.path}`);

    const headers = {
      "webhook-id": request.headers("webhook-id") ?? "",
      "webhook-timestamp": request.headers("webhook-timestamp") ?? "",
      "webhook-signature": request.headers("webhook-signature") ?? "",
    };
    const verified = this.verify(request.body, headers);
    if ("refused" in verified) return verified.refused;

    const id = headers["webhook-id"];
    const delivery: WebhookDelivery = {
      id,
      kind: route.kind,
      timestamp: new Date(Number(headers["webhook-timestamp"]) * 1000),
    };
    // Claimed before any await, so that a repeat arriving meanwhile finds it taken.
    if (this.inFlight.has(id)) return refusal(409, "in_progress", `webhook ${id} is being handled`);
    this.inFlight.add(id);
    try {
      if (await this.seen.has(id)) return { status: 204 };
      const handler = this.options[HANDLER_OF[route.kind]] as On<WebhookEventName> | undefined;
      await handler?.({ ...verified.body, ...route.values } as WebhookEvent<WebhookEventName>, delivery);
      await this.seen.add(id);
      return { status: 204 };
    } catch (error) {
      // The app's code or its seen-store failed: 500, so that Tandem retries, and the id stays unseen.
      this.options.onError?.(error, delivery);
      return refusal(500, "handler_failed", "the app could not handle the webhook; Tandem will retry");
    } finally {
      this.inFlight.delete(id);
    }
  }

  private verify(
    body: string,
    headers: Record<string, string>,
  ): { body: Record<string, unknown> } | { refused: WebhookAnswer } {
    const failures: unknown[] = [];
    for (const verifier of this.verifiers) {
      try {
        const parsed: unknown = verifier.verify(body, headers);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
          return { refused: refusal(400, "invalid_body", "the body is not a JSON object") };
        }
        return { body: parsed as Record<string, unknown> };
      } catch (error) {
        // Signed correctly but not JSON: no other secret will make it JSON.
        if (!(error instanceof WebhookVerificationError)) {
          return { refused: refusal(400, "invalid_body", "the body is not JSON") };
        }
        failures.push(error);
      }
    }
    return { refused: signatureRefusal(failures) };
  }
}
