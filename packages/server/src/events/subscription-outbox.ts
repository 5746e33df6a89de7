import {
  type IntegrationKindBody,
  type IntegrationKindName,
  type SubscriptionFilter,
  subscribesTo,
  type WebhookCatalog,
} from "@tandem/contract";
import type { Transaction } from "kysely";
import { presentClient } from "../presenters/client.js";
import { presentThreadMessage } from "../presenters/message.js";
import { parseJson } from "../storage/json-text.js";
import type { Database, SubscriptionRow } from "../storage/schema.js";
import type { AppWebhook, DomainEvent } from "./types.js";
import { catalogEntry, deliveryRow } from "./webhook-outbox.js";
import type { EventRecorder } from "./writer.js";

/** A change as integrations hear of it: its leaf event name, what filters read, and the body's data. */
interface Occurrence {
  kind: IntegrationKindName;
  event: string;
  businessUid: string;
  clientUid: string;
  /** Message events only: the channel's app and the direction, which filters select by. */
  appCodeName: string | null;
  direction: string | null;
  data: IntegrationKindBody<IntegrationKindName>["data"];
}

function occurrenceOf(event: DomainEvent): Occurrence | null {
  switch (event.type) {
    case "message.created":
    case "message.updated": {
      const { message } = event;
      const suffix = event.type === "message.created" ? message.direction : message.status;
      return {
        kind: "integration.message",
        event: `${event.type}.${suffix}`,
        businessUid: message.business_uid,
        clientUid: message.client_uid,
        appCodeName: event.appCodeName,
        direction: message.direction,
        data: {
          message: presentThreadMessage(message, {
            uid: message.channel_uid,
            display_name: event.channelName,
            app_code_name: event.appCodeName,
          }),
        },
      };
    }
    case "client.created":
    case "client.updated":
      return {
        kind: "integration.client",
        event: event.type === "client.created" ? "conversation.created" : "client.updated",
        businessUid: event.client.business_uid,
        clientUid: event.client.uid,
        appCodeName: null,
        direction: null,
        data: { client: presentClient(event.client) },
      };
    default:
      return null;
  }
}

/** A subscription with its JSON columns read once per batch, not once per event. */
interface ReadSubscription {
  row: SubscriptionRow;
  patterns: string[];
  filter: SubscriptionFilter;
}

const readSubscription = (row: SubscriptionRow): ReadSubscription => ({
  row,
  patterns: parseJson<string[]>(row.events, []),
  filter: parseJson<SubscriptionFilter>(row.filter, {}),
});

/** Whether a subscription takes an occurrence: one of its names or groups, and its filter (message events). */
function takes({ row, patterns, filter }: ReadSubscription, occurrence: Occurrence): boolean {
  if (row.business_uid !== occurrence.businessUid) return false;
  if (!patterns.some((pattern) => subscribesTo(pattern, occurrence.event))) return false;
  // Filters select messages: a client's events concern no channel and no direction.
  if (occurrence.kind !== "integration.message") return true;
  if (filter.app_code_name && occurrence.appCodeName !== filter.app_code_name) return false;
  if (filter.direction && occurrence.direction !== filter.direction) return false;
  return true;
}

function eventCall(subscription: SubscriptionRow, occurrence: Occurrence, now: string): AppWebhook {
  return {
    kind: occurrence.kind,
    appId: subscription.app_id,
    businessUid: subscription.business_uid,
    pathValues: {},
    body: {
      event: occurrence.event,
      subscription_uid: subscription.uid,
      business_uid: subscription.business_uid,
      occurred_at: now,
      data: occurrence.data,
    },
    subject: { conversation: occurrence.clientUid },
    target: { subscriptionUid: subscription.uid, url: subscription.target_url },
  };
}

/** The subscription outbox, and whether a batch's events gave any subscription something to deliver. */
export interface SubscriptionOutbox extends EventRecorder {
  wroteIn(events: readonly DomainEvent[]): boolean;
}

/**
 * Integrations' events (SPEC §10), in the same transaction as the change: for each event a
 * subscription takes, a delivery to its target, signed with the integration's secret and ordered
 * per conversation and subscription. One read of the batch's businesses' subscriptions, only when
 * the batch has events integrations can hear of.
 */
export function subscriptionOutbox(
  lockKeys: (db: Transaction<Database>, keys: readonly string[]) => Promise<void>,
  catalog: WebhookCatalog,
): SubscriptionOutbox {
  // The batches (by their event list, which the writer hands its listeners) that made deliveries.
  const delivering = new WeakSet<readonly DomainEvent[]>();
  return {
    name: "subscriptions",
    wroteIn: (events) => delivering.has(events),
    async record(db, events, now) {
      const occurrences = events.flatMap((event) => occurrenceOf(event) ?? []);
      if (occurrences.length === 0) return;
      const businessUids = [...new Set(occurrences.map((occurrence) => occurrence.businessUid))];
      const rows = await db
        .selectFrom("subscriptions")
        .selectAll()
        .where("business_uid", "in", businessUids)
        .where("status", "=", "active")
        .orderBy("created_at")
        .execute();
      if (rows.length === 0) return;
      const subscriptions = rows.map(readSubscription);
      const deliveries = occurrences.flatMap((occurrence) =>
        subscriptions
          .filter((subscription) => takes(subscription, occurrence))
          .map(({ row }) => {
            const call = eventCall(row, occurrence, now);
            const entry = catalogEntry(catalog, call);
            return deliveryRow(call, entry, now, entry.lifetimeMs);
          }),
      );
      if (deliveries.length === 0) return;
      await lockKeys(
        db,
        deliveries.flatMap((row) => (row.ordering_key ? [row.ordering_key] : [])),
      );
      await db.insertInto("deliveries").values(deliveries).execute();
      delivering.add(events);
    },
  };
}
