import { type CommunicationApi, TandemError, type WebhookDelivery, type WebhookEvent } from "@tandem/sdk";
import type { Logger } from "../logger.js";
import type { MailIndex, SendOutcome } from "../store/mail-index.js";
import { failureOf, type Relay } from "./relay.js";
import { replyMail } from "./reply-mail.js";

export interface OutgoingParts {
  api: CommunicationApi;
  index: MailIndex;
  relay: Relay;
  channel: { uid: string; address: string; displayName: string };
  logger: Logger;
}

async function send(parts: OutgoingParts, event: WebhookEvent<"message.created">, deliveryId: string) {
  const mail = replyMail(event, parts.channel, parts.index);
  if (!mail) {
    return {
      deliveryId,
      status: "error",
      error: {
        code: "invalid_recipient",
        message: `${event.external_uid} is no email address`,
        retryable: false,
      },
    } satisfies SendOutcome;
  }
  try {
    await parts.relay.sendMail(mail.options);
  } catch (error) {
    return { deliveryId, status: "error", error: failureOf(error) } satisfies SendOutcome;
  }
  await parts.index.remember(mail.record);
  return { deliveryId, status: "sent" } satisfies SendOutcome;
}

/**
 * Staff sent a message: it goes to the relay as an email, and Tandem hears `sent` once the relay
 * accepted it, or `error` with whether sending again may help. How each delivery ended is kept
 * before it is reported, so Tandem's retry of the webhook (the report lost, say) reports it again
 * instead of sending a second email; staff retrying a failed message make a new delivery, which
 * is sent afresh.
 */
export function outgoingMessages(parts: OutgoingParts) {
  return async (event: WebhookEvent<"message.created">, delivery: WebhookDelivery): Promise<void> => {
    if (event.channel_uid !== parts.channel.uid) {
      parts.logger.warn("a staff message for another channel: this connector serves one", {
        channel_uid: event.channel_uid,
      });
      return;
    }
    let outcome = parts.index.outcomeOf(delivery.id);
    if (!outcome) {
      outcome = await send(parts, event, delivery.id);
      await parts.index.rememberOutcome(outcome);
    }
    if (outcome.error) {
      parts.logger.warn("staff message not sent", { message_uid: event.message_uid, ...outcome.error });
    }
    try {
      await parts.api.messages.reportStatus(event.message_uid, {
        channel_uid: event.channel_uid,
        status: outcome.status,
        ...(outcome.error ? { error: outcome.error } : {}),
      });
    } catch (error) {
      // Tandem knows no such message (deleted since): nothing to report to, and no retry mends it.
      if (error instanceof TandemError && error.status === 404) {
        parts.logger.warn("status not reported: Tandem knows no such message", {
          message_uid: event.message_uid,
        });
        return;
      }
      throw error;
    }
  };
}
