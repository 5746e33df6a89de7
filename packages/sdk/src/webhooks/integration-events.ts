import type { IntegrationClientEvent, IntegrationMessageEvent, SubscriptionFilter } from "@tandem/contract";

/*
 * An integration's subscriptions (SPEC §10): events posted to its target, named hierarchically
 * (`message.created.client_to_business`); a handler for a prefix (`message`, `message.created`)
 * takes the whole group, and a filter selects messages by their channel's app and direction.
 */

export type IntegrationEvent = IntegrationMessageEvent | IntegrationClientEvent;

/** The event a handler for `Pattern` receives: message events for `message…`, client events for the rest. */
export type IntegrationEventFor<Pattern extends string> = Pattern extends `message${string}`
  ? IntegrationMessageEvent
  : Pattern extends `conversation${string}` | `client${string}`
    ? IntegrationClientEvent
    : IntegrationEvent;

export type IntegrationHandler<Pattern extends string, Delivery> = (
  event: IntegrationEventFor<Pattern>,
  delivery: Delivery,
) => unknown | Promise<unknown>;

export interface IntegrationRoute<Delivery> {
  pattern: string;
  filter: SubscriptionFilter;
  handler: IntegrationHandler<string, Delivery>;
}

/** What Tandem posts to prove a target before a subscription is active; the handler echoes it. */
export const VERIFICATION_EVENT = "subscription.verification";

/** Whether a body is an integration's event (or Tandem's challenge) rather than an app's webhook. */
export function isIntegrationCall(body: Record<string, unknown>): boolean {
  return (
    typeof body.event === "string" &&
    (body.event === VERIFICATION_EVENT || typeof body.subscription_uid === "string")
  );
}

/** Whether `pattern` (an event name or its prefix at a dot) takes the event named `event`. */
export const takesEvent = (pattern: string, event: string) =>
  event === pattern || event.startsWith(`${pattern}.`);

/** Filters select messages: by their channel's app and by direction; client events pass. */
function passesFilter(filter: SubscriptionFilter, body: Record<string, unknown>): boolean {
  const data = body.data as { message?: { direction?: string; channel?: { app_code_name?: string } } };
  const message = data?.message;
  if (!message) return true;
  if (filter.app_code_name && message.channel?.app_code_name !== filter.app_code_name) return false;
  if (filter.direction && message.direction !== filter.direction) return false;
  return true;
}

/** The routes that take an event, in the order they were added. */
export function routesFor<Delivery>(
  routes: readonly IntegrationRoute<Delivery>[],
  body: Record<string, unknown>,
): IntegrationRoute<Delivery>[] {
  const event = String(body.event);
  return routes.filter((route) => takesEvent(route.pattern, event) && passesFilter(route.filter, body));
}
