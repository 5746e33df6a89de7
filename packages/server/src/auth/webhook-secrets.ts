import { nowIso } from "../clock.js";
import type { AppRow } from "../storage/schema.js";

type SealedSecrets = Pick<
  AppRow,
  "webhook_secret_enc" | "previous_webhook_secret_enc" | "previous_webhook_secret_until"
>;

/**
 * The sealed secrets that sign an app's webhooks: its current one and, during a rotation, the
 * previous one too, so an app that cannot check either never gets an unsigned call and one that
 * holds only the old secret keeps accepting Tandem's calls until the rotation ends.
 */
export function sealedSigningSecrets(app: SealedSecrets, now = nowIso()): string[] {
  const previous = app.previous_webhook_secret_enc;
  const until = app.previous_webhook_secret_until;
  return previous && until && until > now ? [app.webhook_secret_enc, previous] : [app.webhook_secret_enc];
}
