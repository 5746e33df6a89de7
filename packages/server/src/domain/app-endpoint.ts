import { sealedSigningSecrets } from "../auth/webhook-secrets.js";
import { conflict, invalid, notFound } from "../errors.js";
import type { Domain } from "./context.js";

/** Where Tandem calls an app and the secrets its calls are signed with, opened. */
export interface AppEndpoint {
  appId: string;
  apiUri: string;
  secrets: string[];
}

/**
 * The endpoint of an app installed on the business, signed for as the delivery worker signs (the
 * previous secret too, during a rotation). An app the business has not installed is not found.
 */
export async function installedAppEndpoint(
  domain: Domain,
  businessUid: string,
  appId: string,
): Promise<AppEndpoint> {
  const app = await domain.db
    .selectFrom("installations")
    .innerJoin("apps", "apps.id", "installations.app_id")
    .select([
      "apps.id",
      "apps.api_uri",
      "apps.webhook_secret_enc",
      "apps.previous_webhook_secret_enc",
      "apps.previous_webhook_secret_until",
    ])
    .where("installations.business_uid", "=", businessUid)
    .where("installations.app_id", "=", appId)
    .where("apps.deleted_at", "is", null)
    .executeTakeFirst();
  if (!app) throw notFound("app", "app_id");
  if (!app.api_uri) {
    throw invalid(
      "api_uri",
      "the app has no api_uri: its operator has registered no address for its webhooks",
    );
  }
  return { appId: app.id, apiUri: app.api_uri, secrets: openedSecrets(domain, sealedSigningSecrets(app)) };
}

/**
 * A secret sealed with a key this server does not hold (TANDEM_SECRET_KEY changed without a
 * re-encryption, say) is not the admin's mistake, but theirs to hear of: their operator can mend it,
 * and the worker's deliveries to the app fail for the same reason (`tandem_error`, and `/readyz`).
 */
function openedSecrets(domain: Domain, sealed: readonly string[]): string[] {
  try {
    return sealed.map((secret) => domain.secrets.open(secret));
  } catch {
    throw conflict(
      "the app's webhook secret cannot be opened with this server's key (TANDEM_SECRET_KEY), so Tandem can sign no call to the app and its deliveries fail too: ask the operator to run the server with the key that sealed it, or to rotate the app's webhook secret",
      "webhook_secret",
    );
  }
}
