import { randomUUID } from "node:crypto";
import type { SubscriptionChallenge } from "@tandem/contract";
import type { TargetVerifier } from "../domain/integrations/subscriptions.js";
import type { AppRow } from "../storage/schema.js";
import type { WebhookSender } from "./sender.js";
import type { WebhookSigner } from "./webhook-signer.js";

/** Whether an answer echoes the challenge: `{"challenge": "…"}`, or the bare text. */
function echoes(answer: string, challenge: string): boolean {
  const text = answer.trim();
  if (text === challenge) return true;
  try {
    return (JSON.parse(text) as { challenge?: unknown }).challenge === challenge;
  } catch {
    return false;
  }
}

/**
 * Verifies a subscription's target as the worker delivers: the same sender (no redirects, private
 * addresses refused unless allowed, the webhook timeout) and a call signed with the integration's
 * webhook secret, carrying a challenge the target must echo in a 2xx answer.
 */
export class SubscriptionChallenger implements TargetVerifier {
  constructor(
    private readonly sender: WebhookSender,
    private readonly signer: WebhookSigner,
  ) {}

  async verify(app: AppRow, businessUid: string, targetUrl: string): Promise<string | null> {
    const challenge = randomUUID();
    const call: SubscriptionChallenge = {
      event: "subscription.verification",
      challenge,
      business_uid: businessUid,
      target_url: targetUrl,
    };
    const body = JSON.stringify(call);
    const headers = this.signer.headers(app, `msg_verify_${randomUUID()}`, body);
    const result = await this.sender.send({ url: targetUrl, method: "POST", headers, body });
    if (result.statusCode === null) return `no answer (${result.failure}: ${result.error})`;
    if (result.statusCode < 200 || result.statusCode > 299) return `it answered HTTP ${result.statusCode}`;
    if (!echoes(result.responseBody ?? "", challenge)) return "its answer did not echo the challenge";
    return null;
  }
}
