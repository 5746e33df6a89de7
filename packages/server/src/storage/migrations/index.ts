import type { Migration, MigrationProvider } from "kysely";
import type { StorageDialect } from "../dialects/types.js";
import { initialSchema } from "./0001_initial.js";
import { deliveryIndexes } from "./0002_delivery_indexes.js";
import { openDeliveries } from "./0003_open_deliveries.js";
import { partialDeliveryIndexes } from "./0004_partial_delivery_indexes.js";
import { secretKeyState } from "./0005_secret_key_state.js";
import { attemptReasons } from "./0006_attempt_reasons.js";
import { integrations } from "./0007_integrations.js";
import { pendingIndexWithApp } from "./0008_pending_index_with_app.js";

/** Migrations are code (not files found at run time) so the build and both dialects see the same list. */
export function migrationProvider(dialect: StorageDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001_initial": initialSchema(dialect),
    "0002_delivery_indexes": deliveryIndexes,
    "0003_open_deliveries": openDeliveries,
    "0004_partial_delivery_indexes": partialDeliveryIndexes,
    "0005_secret_key_state": secretKeyState,
    "0006_attempt_reasons": attemptReasons,
    "0007_integrations": integrations,
    "0008_pending_index_with_app": pendingIndexWithApp,
  };
  return { getMigrations: async () => migrations };
}
