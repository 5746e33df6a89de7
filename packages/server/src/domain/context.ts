import type { WebhookCatalog } from "@tandem/contract";
import type { Kysely } from "kysely";
import type { SecretBox } from "../auth/secrets.js";
import type { Config } from "../config.js";
import type { Writer } from "../events/writer.js";
import type { Database } from "../storage/schema.js";
import type { AppDirectory } from "./app-directory.js";

/** What domain code needs; it knows nothing of HTTP. */
export interface Domain {
  db: Kysely<Database>;
  writer: Writer;
  secrets: SecretBox;
  config: Config;
  apps: AppDirectory;
  /** The kinds of webhook the app hears of, as the outbox, the worker and the delivery log read them. */
  webhookCatalog: WebhookCatalog;
}
