import type { WebhookCatalog } from "@tandem/contract";
import type { Kysely } from "kysely";
import type { SecretBox } from "../auth/secrets.js";
import type { Config } from "../config.js";
import type { SubscriptionOutbox } from "../events/subscription-outbox.js";
import type { Writer } from "../events/writer.js";
import type { Database } from "../storage/schema.js";
import type { AppDirectory } from "./app-directory.js";
import type { TargetVerifier } from "./integrations/subscriptions.js";

/** What domain code needs; it knows nothing of HTTP. */
export interface Domain {
  db: Kysely<Database>;
  writer: Writer;
  secrets: SecretBox;
  config: Config;
  apps: AppDirectory;
  /** The kinds of webhook the app hears of, as the outbox, the worker and the delivery log read them. */
  webhookCatalog: WebhookCatalog;
  /** Checks a subscription's target before it is stored (SPEC §10). */
  targets: TargetVerifier;
  /** Integrations' events; it tells whether a commit gave the delivery worker any. */
  subscriptionOutbox: SubscriptionOutbox;
}
