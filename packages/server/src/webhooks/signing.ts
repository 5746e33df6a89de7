import { createHmac } from "node:crypto";

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the secret's bytes. */
export function sign(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
  const digest = createHmac("sha256", key)
    .update(`${webhookId}.${timestampSeconds}.${body}`)
    .digest("base64");
  return `v1,${digest}`;
}

/** Headers for one attempt; during a rotation both the new and the old secret sign (space-separated). */
export function signatureHeaders(
  secrets: readonly string[],
  webhookId: string,
  body: string,
  now = Date.now(),
) {
  const timestamp = Math.floor(now / 1000);
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": secrets.map((secret) => sign(secret, webhookId, timestamp, body)).join(" "),
  };
}
