import type { InstalledApp } from "@tandem/contract";
import type { InstallationRow } from "../domain/installations.js";
import { parseJson } from "../storage/json-text.js";

/** An app installed on a business, as the directory lists it. */
export const presentInstallation = (row: InstallationRow) => ({
  app_id: row.app_id,
  app_code_name: row.code_name,
  name: row.name,
  app_type: parseJson<string[]>(row.app_type, []),
  installed_at: row.created_at,
});

/** An app installed on a business, as its settings page lists it: with whether it can be reached. */
export const presentInstalledApp = (row: InstallationRow): InstalledApp => ({
  ...presentInstallation(row),
  unreachable: row.unreachable === 1,
});
