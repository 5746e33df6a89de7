import type { Static, TSchema } from "@sinclair/typebox";
import { IntegrationClientEvent, IntegrationMessageEvent } from "./integration-events.js";
import type { LiveEventType } from "./realtime.js";
import {
  ChannelStatusWebhook,
  MessageStatusWebhook,
  OutgoingMessageWebhook,
  SessionStatusWebhook,
  TypingWebhook,
} from "./webhooks.js";

/**
 * What an ordering key groups: deliveries of one session (or channel) reach the app in order; an
 * integration's events of one conversation (a client) reach each of its subscriptions in order.
 */
export type OrderingSubject = "session" | "channel" | "conversation";

/**
 * One kind of webhook event, everything about it in one entry: how it is called, what it carries,
 * how it is ordered and retried, how the delivery log names it, and what the page's feed carries
 * of the same change. The server's outbox, worker and delivery log, the SDK and the docs read it.
 */
export interface WebhookKind<Body extends TSchema = TSchema> {
  name: string;
  summary: string;
  method: "POST" | "PUT";
  /** Under the app's api_uri (empty: the subscription's target_url); each `{name}` is filled from the call's path values. */
  path: string;
  body: Body;
  /** Deliveries of one session or channel reach the app in order; null: each on its own. */
  orderedBy: OrderingSubject | null;
  /** A failed attempt is retried on the schedule, or the event is dropped (it is worth nothing late). */
  onFailure: "retry" | "drop";
  /** Perishable events are dropped once this old, never sent late (null: kept until delivered or failed). */
  lifetimeMs: number | null;
  /** How the delivery log names a delivery of this kind. */
  label: string;
  /** The page feed's event for the same change, when staff see it too. */
  pageEvent: LiveEventType | null;
}

const kind = <Body extends TSchema>(entry: WebhookKind<Body>) => entry;

/** The communication-app interface (SPEC §6), one entry per event kind. */
export const WEBHOOK_CATALOG = {
  "channel.updated": kind({
    name: "channel.updated",
    summary: "A channel's status changed (validated, activated, deactivated, blocked, moved, deleted)",
    method: "PUT",
    path: "/channels/{channel_uid}",
    body: ChannelStatusWebhook,
    orderedBy: "channel",
    onFailure: "retry",
    lifetimeMs: null,
    label: "Channel status",
    pageEvent: "channel.updated",
  }),
  "session.updated": kind({
    name: "session.updated",
    summary: "A session's status changed",
    method: "PUT",
    path: "/sessions/{session_uid}",
    body: SessionStatusWebhook,
    orderedBy: "session",
    onFailure: "retry",
    lifetimeMs: null,
    label: "Session status",
    pageEvent: "session.updated",
  }),
  "message.created": kind({
    name: "message.created",
    summary: "Staff sent a message: the app sends it on its network and reports its status",
    method: "POST",
    path: "/messages",
    body: OutgoingMessageWebhook,
    orderedBy: "session",
    onFailure: "retry",
    lifetimeMs: null,
    label: "Message to send",
    pageEvent: "message.created",
  }),
  "message.updated": kind({
    name: "message.updated",
    summary: "An incoming message was displayed (received) or read by staff",
    method: "PUT",
    path: "/messages/{message_uid}",
    body: MessageStatusWebhook,
    orderedBy: "session",
    onFailure: "retry",
    lifetimeMs: null,
    label: "Message status",
    pageEvent: "message.updated",
  }),
  typing: kind({
    name: "typing",
    summary: "Staff started or stopped typing in the composer",
    method: "POST",
    path: "/{session_uid}/typing",
    body: TypingWebhook,
    orderedBy: null,
    onFailure: "drop",
    lifetimeMs: 10_000,
    label: "Staff typing",
    pageEvent: null,
  }),
} as const;

/**
 * What an integration's subscriptions receive (SPEC §10): posted to each subscription's target_url,
 * signed with the integration's webhook secret; the body's `event` names the event.
 */
export const INTEGRATION_CATALOG = {
  "integration.message": kind({
    name: "integration.message",
    summary: "A message of a subscribed conversation was created or changed status",
    method: "POST",
    path: "",
    body: IntegrationMessageEvent,
    orderedBy: "conversation",
    onFailure: "retry",
    lifetimeMs: null,
    label: "Message event",
    pageEvent: null,
  }),
  "integration.client": kind({
    name: "integration.client",
    summary: "A client was created (a new conversation) or changed",
    method: "POST",
    path: "",
    body: IntegrationClientEvent,
    orderedBy: "conversation",
    onFailure: "retry",
    lifetimeMs: null,
    label: "Client event",
    pageEvent: null,
  }),
} as const;

export type IntegrationKindName = keyof typeof INTEGRATION_CATALOG;
export type IntegrationKindBody<Name extends IntegrationKindName> = Static<
  (typeof INTEGRATION_CATALOG)[Name]["body"]
>;

/** Everything the server delivers: the communication-app interface and the integrations' events. */
export const DELIVERY_CATALOG = { ...WEBHOOK_CATALOG, ...INTEGRATION_CATALOG } as const;

/** A catalog the server delivers by: `DELIVERY_CATALOG`, or a test's copy with kinds of its own. */
export type WebhookCatalog = Readonly<Record<string, WebhookKind>>;

export type WebhookEventName = keyof typeof WEBHOOK_CATALOG;
export const WEBHOOK_EVENT_NAMES = Object.keys(WEBHOOK_CATALOG) as WebhookEventName[];
export type WebhookBody<Name extends WebhookEventName> = Static<(typeof WEBHOOK_CATALOG)[Name]["body"]>;

/** The path of one call: the template's `{name}`s filled, each value URL-encoded. */
export function webhookPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the webhook path ${template} needs ${name}`);
    return encodeURIComponent(value);
  });
}
