import { sealedSigningSecrets } from "../auth/webhook-secrets.js";
import { invalid, notFound } from "../errors.js";
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
  const secrets = sealedSigningSecrets(app).map((sealed) => domain.secrets.open(sealed));
  return { appId: app.id, apiUri: app.api_uri, secrets };
}
