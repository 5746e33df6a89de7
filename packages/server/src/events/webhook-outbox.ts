import type { Transaction } from "kysely";
import { isoAfter, newUid } from "../clock.js";
import { channelWebhookBody } from "../presenters/channel.js";
import { messageStatusWebhookBody, outgoingMessageWebhookBody } from "../presenters/message.js";
import { sessionWebhookBody } from "../presenters/session.js";
import type { Database, MessageRow, NewDelivery } from "../storage/schema.js";
import type { DomainEvent, DomainEventType, EventOf } from "./types.js";
import type { EventRecorder } from "./writer.js";

/** How long a typing event stays worth sending by default; after that it is dropped, never queued. */
export const TYPING_TTL_MS = 10_000;

interface WebhookCall {
  appId: string;
  businessUid: string;
  event: string;
  method: "POST" | "PUT";
  path: string;
  body: unknown;
  /** Deliveries with the same key reach the app in order; null means "independent". */
  orderingKey: string | null;
  /** Worth sending only for a short while (typing): dropped when stale instead of queued. */
  perishable?: true;
}

type WebhookMapper<T extends DomainEventType> = (event: EventOf<T>) => WebhookCall | null;

const sessionKey = (sessionUid: string) => `session:${sessionUid}`;

/** `POST {api_uri}/messages`: the app must send a staff message on its network (again, for a retry). */
const sendMessageCall = (message: MessageRow, appId: string, externalUid: string): WebhookCall => ({
  appId,
  businessUid: message.business_uid,
  event: "message.created",
  method: "POST",
  path: "/messages",
  body: outgoingMessageWebhookBody(message, externalUid),
  orderingKey: sessionKey(message.session_uid),
});

/** The communication-app interface (SPEC §6): which events an app hears of, and how. */
const mappers: { [T in DomainEventType]?: WebhookMapper<T> } = {
  "channel.updated": ({ channel, appId, notifyApp }) =>
    notifyApp
      ? {
          appId,
          businessUid: channel.business_uid,
          event: "channel.updated",
          method: "PUT",
          path: `/channels/${encodeURIComponent(channel.uid)}`,
          body: channelWebhookBody(channel),
          orderingKey: `channel:${channel.uid}`,
        }
      : null,
  "session.updated": ({ session, appId, notifyApp }) =>
    notifyApp
      ? {
          appId,
          businessUid: session.business_uid,
          event: "session.updated",
          method: "PUT",
          path: `/sessions/${encodeURIComponent(session.uid)}`,
          body: sessionWebhookBody(session),
          orderingKey: sessionKey(session.uid),
        }
      : null,
  "message.created": ({ message, appId, externalUid, notifyApp }) =>
    notifyApp ? sendMessageCall(message, appId, externalUid) : null,
  "message.updated": ({ message, appId, notifyApp, resend, externalUid }) =>
    resend
      ? sendMessageCall(message, appId, externalUid)
      : notifyApp
        ? {
            appId,
            businessUid: message.business_uid,
            event: "message.updated",
            method: "PUT",
            path: `/messages/${encodeURIComponent(message.message_uid)}`,
            body: messageStatusWebhookBody(message),
            orderingKey: sessionKey(message.session_uid),
          }
        : null,
  typing: (event) =>
    event.by.kind === "staff"
      ? {
          appId: event.appId,
          businessUid: event.businessUid,
          event: "typing",
          method: "POST",
          path: `/${encodeURIComponent(event.sessionUid)}/typing`,
          body: { typing: event.typing },
          orderingKey: null,
          perishable: true,
        }
      : null,
};

export function webhookCallFor(event: DomainEvent): WebhookCall | null {
  const mapper = mappers[event.type] as WebhookMapper<typeof event.type> | undefined;
  return mapper ? mapper(event as never) : null;
}

function deliveryRow(call: WebhookCall, now: string, perishableTtlMs: number): NewDelivery {
  return {
    uid: newUid(),
    app_id: call.appId,
    business_uid: call.businessUid,
    event: call.event,
    method: call.method,
    path: call.path,
    body: JSON.stringify(call.body),
    ordering_key: call.orderingKey,
    status: "pending",
    attempt_count: 0,
    next_attempt_at: now,
    lease_until: null,
    leased_by: null,
    last_status_code: null,
    last_error: null,
    expires_at: call.perishable ? isoAfter(now, perishableTtlMs) : null,
    created_at: now,
    updated_at: now,
    completed_at: null,
  };
}

/**
 * The webhook outbox: a delivery row for every event the app must hear of. The rows' ordering keys
 * are locked first, so two transactions writing to one conversation commit in `seq` order.
 */
export function webhookOutbox(
  lockKeys: (db: Transaction<Database>, keys: readonly string[]) => Promise<void>,
  perishableTtlMs = TYPING_TTL_MS,
): EventRecorder {
  return {
    name: "webhooks",
    async record(db: Transaction<Database>, events, now) {
      const rows = events.flatMap((event) => {
        const call = webhookCallFor(event);
        return call ? [deliveryRow(call, now, perishableTtlMs)] : [];
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
