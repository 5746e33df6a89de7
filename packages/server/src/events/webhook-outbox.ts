import { WEBHOOK_CATALOG, type WebhookCatalog, type WebhookKind, webhookPath } from "@tandem/contract";
import type { Transaction } from "kysely";
import { isoAfter, newUid } from "../clock.js";
import type { Database, NewDelivery } from "../storage/schema.js";
import type { AppWebhook, DomainEvent } from "./types.js";
import type { EventRecorder } from "./writer.js";

export interface OutboxOptions {
  /** What each kind of call is: method, path, ordering, lifetime. */
  catalog?: WebhookCatalog;
  /** Lifetimes set by configuration, by kind, in place of the catalog's. */
  lifetimeMs?: Readonly<Record<string, number>>;
}

/** The catalog entry of a call; a kind missing from it is a fault of the command that emitted it. */
export function catalogEntry(catalog: WebhookCatalog, call: AppWebhook): WebhookKind {
  const entry = catalog[call.kind];
  if (!entry) throw new Error(`no webhook kind ${call.kind} in the catalog`);
  return entry;
}

/** Deliveries of one subject (a session, a channel) reach the app in order; null: on its own. */
function orderingKeyOf(entry: WebhookKind, call: AppWebhook): string | null {
  if (entry.orderedBy === null) return null;
  const uid = call.subject[entry.orderedBy];
  if (uid === undefined) throw new Error(`a ${call.kind} webhook must name its ${entry.orderedBy}`);
  const key = `${entry.orderedBy}:${uid}`;
  // One subscription's failing target holds back only its own events, never the app's.
  return call.target ? `subscription:${call.target.subscriptionUid}/${key}` : key;
}

export function deliveryRow(
  call: AppWebhook,
  entry: WebhookKind,
  now: string,
  lifetimeMs: number | null,
): NewDelivery {
  return {
    uid: newUid(),
    app_id: call.appId,
    business_uid: call.businessUid,
    event: entry.name,
    method: entry.method,
    path: webhookPath(entry.path, call.pathValues),
    body: JSON.stringify(call.body),
    ordering_key: orderingKeyOf(entry, call),
    status: "pending",
    attempt_count: 0,
    next_attempt_at: now,
    lease_until: null,
    leased_by: null,
    last_status_code: null,
    last_error: null,
    // Perishable calls are dropped once this old, never sent late.
    expires_at: lifetimeMs === null ? null : isoAfter(now, lifetimeMs),
    target_url: call.target?.url ?? null,
    subscription_uid: call.target?.subscriptionUid ?? null,
    created_at: now,
    updated_at: now,
    completed_at: null,
  };
}

/** Whether a batch's events gave the app anything to hear of. */
export const concernsApp = (events: readonly DomainEvent[]) => events.some((event) => event.webhook);

/**
 * The webhook outbox: a delivery row for every event the app must hear of, shaped by the catalog.
 * The rows' ordering keys are locked first, so two transactions writing to one conversation commit
 * in `seq` order.
 */
export function webhookOutbox(
  lockKeys: (db: Transaction<Database>, keys: readonly string[]) => Promise<void>,
  { catalog = WEBHOOK_CATALOG, lifetimeMs = {} }: OutboxOptions = {},
): EventRecorder {
  return {
    name: "webhooks",
    async record(db: Transaction<Database>, events, now) {
      const rows = events.flatMap(({ webhook }) => {
        if (!webhook) return [];
        const entry = catalogEntry(catalog, webhook);
        return [deliveryRow(webhook, entry, now, lifetimeMs[entry.name] ?? entry.lifetimeMs)];
      });
      if (rows.length === 0) return;
      await lockKeys(
        db,
        rows.flatMap((row) => (row.ordering_key ? [row.ordering_key] : [])),
      );
      await db.insertInto("deliveries").values(rows).execute();
    },
  };
}
