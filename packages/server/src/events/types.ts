import type { OrderingSubject, WebhookBody, WebhookEventName } from "@tandem/contract";
import type { ChannelRow, ClientRow, MessageRow, SessionRow } from "../storage/schema.js";

/**
 * A call the app must receive, named by its kind in the webhook catalog: the catalog entry gives
 * its method, path template, ordering, retry rule and lifetime; the call gives what fills them.
 */
export interface AppWebhook {
  kind: string;
  appId: string;
  businessUid: string;
  /** Fills the catalog path's `{name}`s. */
  pathValues: Readonly<Record<string, string>>;
  body: unknown;
  /** What the call concerns, by ordering subject; the entry's `orderedBy` picks which orders it. */
  subject: Readonly<Partial<Record<OrderingSubject, string>>>;
  /** An integration's event: posted to its subscription's target, and ordered per subscription. */
  target?: { subscriptionUid: string; url: string };
}

/** A call of a kind of Tandem's own catalog, its body checked against the kind's schema. */
export function appWebhook<Kind extends WebhookEventName>(
  kind: Kind,
  call: Omit<AppWebhook, "kind" | "body"> & { body: WebhookBody<Kind> },
): AppWebhook {
  return { kind, ...call };
}

/** Present when the app must hear of the change; absent, only Tandem's own consumers do. */
interface ToApp {
  webhook?: AppWebhook;
}

/**
 * What happened, as commands announce it. Consumers (the webhook outbox, the page's realtime feed)
 * turn each event into rows of their own in the same transaction as the change.
 */
export type DomainEvent = ToApp &
  (
    | { type: "channel.updated"; channel: ChannelRow; appCodeName: string }
    | { type: "session.updated"; session: SessionRow }
    | { type: "message.created"; message: MessageRow; channelName: string; appCodeName: string }
    | { type: "message.updated"; message: MessageRow; channelName: string; appCodeName: string }
    | { type: "conversation.updated"; client: ClientRow }
    /** A new client: a conversation that integrations can hear of (`conversation.created`). */
    | { type: "client.created"; client: ClientRow }
    /** A client's names, contact or attributes changed. */
    | { type: "client.updated"; client: ClientRow }
    | {
        type: "typing";
        businessUid: string;
        clientUid: string;
        sessionUid: string;
        channelUid: string;
        typing: boolean;
        /** Who is typing: staff typing goes to the app, client typing goes to the page. */
        by: { kind: "staff"; staffUid: string; displayName: string } | { kind: "client" };
      }
    /** A change only the app hears of. */
    | { type: "webhook"; webhook: AppWebhook }
  );

export type DomainEventType = DomainEvent["type"];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
