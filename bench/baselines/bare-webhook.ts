import type { WebhookBody, WebhookEventName } from "@tandem/contract";
import { Webhook } from "standardwebhooks";

/**
 * The least an app can write to take Tandem's webhooks: the signature checked by `standardwebhooks`
 * (as the SDK's handler does), the body parsed; no routing, no deduplication. The bench's baseline
 * for the SDK's webhook handler in bundle size.
 */
export function verifiedWebhook(
  secret: string,
  body: string,
  headers: Record<string, string>,
): WebhookBody<WebhookEventName> {
  return new Webhook(secret).verify(body, headers) as WebhookBody<WebhookEventName>;
}
