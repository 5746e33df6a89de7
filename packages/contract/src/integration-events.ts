import { type Static, Type } from "@sinclair/typebox";
import { OneOf, Timestamp, Uid } from "./common.js";
import { Client, MESSAGE_DIRECTIONS, MESSAGE_STATUSES, ThreadMessage } from "./entities.js";

/*
 * What an integration hears of through its subscriptions (SPEC §10): hierarchical event names, a
 * subscription to a prefix (`message`, `message.created`) taking the whole group, and the bodies
 * Tandem posts to the subscription's target_url.
 */

/** Every event an integration can receive, most specific name first in each group. */
export const INTEGRATION_EVENT_NAMES = [
  ...MESSAGE_DIRECTIONS.map((direction) => `message.created.${direction}` as const),
  ...MESSAGE_STATUSES.map((status) => `message.updated.${status}` as const),
  "conversation.created",
  "client.updated",
] as const;
export type IntegrationEventName = (typeof INTEGRATION_EVENT_NAMES)[number];

/** Whether `pattern` (an event name or a group: its prefix at a dot) takes `event`. */
export function subscribesTo(pattern: string, event: string): boolean {
  return event === pattern || event.startsWith(`${pattern}.`);
}

/** The names and groups a subscription may ask for: each event name and each of its prefixes. */
export const INTEGRATION_EVENT_PATTERNS: readonly string[] = [
  ...new Set(
    INTEGRATION_EVENT_NAMES.flatMap((name) =>
      name.split(".").map((_, index, parts) => parts.slice(0, index + 1).join(".")),
    ),
  ),
];

const envelope = {
  subscription_uid: Uid(),
  business_uid: Uid(),
  occurred_at: Timestamp(),
};

export const IntegrationMessageEvent = Type.Object(
  {
    event: OneOf(INTEGRATION_EVENT_NAMES.filter((name) => name.startsWith("message."))),
    ...envelope,
    data: Type.Object({ message: ThreadMessage }),
  },
  { title: "IntegrationMessageEvent", description: "A message was created, or its status changed." },
);
export type IntegrationMessageEvent = Static<typeof IntegrationMessageEvent>;

export const IntegrationClientEvent = Type.Object(
  {
    event: OneOf(["conversation.created", "client.updated"] as const),
    ...envelope,
    data: Type.Object({ client: Client }),
  },
  {
    title: "IntegrationClientEvent",
    description: "A client (and so a conversation) was created, or its name, contact or attributes changed.",
  },
);
export type IntegrationClientEvent = Static<typeof IntegrationClientEvent>;

/**
 * What Tandem posts to a new subscription's target_url, signed like every event: the target proves
 * it is the integration's by answering 2xx with the challenge, as `{"challenge": "…"}` or as the
 * bare text.
 */
export const SubscriptionChallenge = Type.Object(
  {
    event: OneOf(["subscription.verification"] as const),
    challenge: Type.String(),
    business_uid: Uid(),
    target_url: Type.String(),
  },
  { title: "SubscriptionChallenge" },
);
export type SubscriptionChallenge = Static<typeof SubscriptionChallenge>;
