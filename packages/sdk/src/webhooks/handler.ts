import type { SubscriptionFilter, WebhookBody, WebhookEventName } from "@tandem/contract";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import {
  type IntegrationHandler,
  type IntegrationRoute,
  isIntegrationCall,
  routesFor,
  VERIFICATION_EVENT,
} from "./integration-events.js";
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
  /** The app webhook's kind, or `integration` for a subscription's event (its `event` names it). */
  kind: WebhookEventName | "integration";
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

  private readonly integrationRoutes: IntegrationRoute<WebhookDelivery>[] = [];

  /**
   * An integration's code for the events of its subscriptions: `pattern` is an event name or a group
   * (`message.created.client_to_business`, `message`), `filter` selects messages by their channel's
   * app and direction. Every handler that takes an event runs, in the order they were added. Tandem's
   * challenge to a new subscription is answered by the handler itself.
   */
  on<Pattern extends string>(pattern: Pattern, handler: IntegrationHandler<Pattern, WebhookDelivery>): this;
  on<Pattern extends string>(
    pattern: Pattern,
    filter: SubscriptionFilter,
    handler: IntegrationHandler<Pattern, WebhookDelivery>,
  ): this;
  on<Pattern extends string>(
    pattern: Pattern,
    filterOrHandler: SubscriptionFilter | IntegrationHandler<Pattern, WebhookDelivery>,
    maybeHandler?: IntegrationHandler<Pattern, WebhookDelivery>,
  ): this {
    const handler = typeof filterOrHandler === "function" ? filterOrHandler : maybeHandler;
    if (!handler) throw new TypeError("on(pattern, [filter,] handler) needs a handler");
    const filter = typeof filterOrHandler === "function" ? {} : filterOrHandler;
    this.integrationRoutes.push({
      pattern,
      filter,
      handler: handler as IntegrationHandler<string, WebhookDelivery>,
    });
    return this;
  }

  async handle(request: WebhookRequest): Promise<WebhookAnswer> {
    const route = matchWebhookRoute(request.method, request.path);
    // A subscription's target is any POST path the integration chose: known by its signed body.
    if (!route && request.method.toUpperCase() !== "POST") {
      return refusal(404, "not_found", `no webhook is ${request.method} ${request.path}`);
    }

    const headers = {
      "webhook-id": request.headers("webhook-id") ?? "",
      "webhook-timestamp": request.headers("webhook-timestamp") ?? "",
      "webhook-signature": request.headers("webhook-signature") ?? "",
    };
    const verified = this.verify(request.body, headers);
    if ("refused" in verified) return verified.refused;

    const id = headers["webhook-id"];
    const integration = isIntegrationCall(verified.body);
    if (integration && verified.body.event === VERIFICATION_EVENT) {
      return { status: 200, body: JSON.stringify({ challenge: verified.body.challenge }) };
    }
    if (!route && !integration) {
      return refusal(404, "not_found", `no webhook is ${request.method} ${request.path}`);
    }
    const delivery: WebhookDelivery = {
      id,
      kind: integration || !route ? "integration" : route.kind,
      timestamp: new Date(Number(headers["webhook-timestamp"]) * 1000),
    };
    // Claimed before any await, so that a repeat arriving meanwhile finds it taken.
    if (this.inFlight.has(id)) return refusal(409, "in_progress", `webhook ${id} is being handled`);
    this.inFlight.add(id);
    try {
      if (await this.seen.has(id)) return { status: 204 };
      if (integration || !route) {
        for (const taker of routesFor(this.integrationRoutes, verified.body)) {
          await taker.handler(verified.body as never, delivery);
        }
      } else {
        const handler = this.options[HANDLER_OF[route.kind]] as On<WebhookEventName> | undefined;
        await handler?.({ ...verified.body, ...route.values } as WebhookEvent<WebhookEventName>, delivery);
      }
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
