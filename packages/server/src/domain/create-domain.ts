import { DELIVERY_CATALOG, type WebhookCatalog } from "@tandem/contract";
import { SecretBox } from "../auth/secrets.js";
import type { Config } from "../config.js";
import { pageFeed } from "../events/page-feed.js";
import { subscriptionOutbox } from "../events/subscription-outbox.js";
import { webhookOutbox } from "../events/webhook-outbox.js";
import { Writer } from "../events/writer.js";
import type { Storage } from "../storage/database.js";
import { AppDirectory } from "./app-directory.js";
import type { Domain } from "./context.js";
import { noTargetVerifier, type TargetVerifier } from "./integrations/subscriptions.js";

/**
 * The domain over an open storage: what the server and the command line share. Tests may give a
 * catalog of their own; `TANDEM_TYPING_TTL_MS` sets the lifetime of typing.
 */
export function createDomain(
  storage: Storage,
  config: Config,
  webhookCatalog: WebhookCatalog = DELIVERY_CATALOG,
  /** How subscription targets are verified, given the process's secrets; none in the command line. */
  targets: (secrets: SecretBox) => TargetVerifier = () => noTargetVerifier,
): Domain {
  const outbox = webhookOutbox((db, keys) => storage.dialect.lockKeys(db, keys), {
    catalog: webhookCatalog,
    lifetimeMs: { typing: config.typingTtlMs },
  });
  const subscriptions = subscriptionOutbox((db, keys) => storage.dialect.lockKeys(db, keys), webhookCatalog);
  const secrets = new SecretBox(config.secretKey, config.previousSecretKey);
  return {
    db: storage.db,
    writer: new Writer(
      storage.db,
      [outbox, subscriptions, pageFeed],
      // One shared transaction at a time. SQLite has one writer; on PostgreSQL, with a batch's writes
      // set-based, one at a time gathers larger batches and took a fifth more requests than two or
      // four side by side (bench/FINDINGS.md).
      config.groupCommit ? { batches: 1 } : null,
    ),
    secrets,
    config,
    apps: new AppDirectory(storage.db),
    webhookCatalog,
    targets: targets(secrets),
    subscriptionOutbox: subscriptions,
  };
}
