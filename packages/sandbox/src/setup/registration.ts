import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { type TandemDirectory, TandemError } from "@tandem/sdk";

/** What the sandbox must remember of its registration: secrets are shown only when made. */
export interface AppCredentials {
  appId: string;
  appCodeName: string;
  clientId: string;
  clientSecret: string;
  webhookSecret: string;
}

export const SANDBOX_APP_NAME = "Sandbox";

/** How the sandbox registers: a trusted communication app on an open channel (no session work). */
const registration = (apiUri: string, redirectUri: string) => ({
  name: SANDBOX_APP_NAME,
  app_type: ["communication"],
  redirect_uri: redirectUri,
  api_uri: apiUri,
  trusted: true,
  open_channel: true,
  scopes: ["openid", "business/clients", "business/communication"],
});

function readCredentials(file: string | null): AppCredentials | null {
  if (!file || !existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as AppCredentials;
  } catch {
    return null;
  }
}

/** The app registered under that id, or null when there is none (any longer). */
async function findApp(directory: TandemDirectory, appId: string) {
  try {
    return (await directory.apps.get(appId)).app;
  } catch (error) {
    if (error instanceof TandemError && error.status === 404) return null;
    throw error;
  }
}

async function allApps(directory: TandemDirectory) {
  const per_page = 100;
  const apps = [];
  for (let page = 1; ; page++) {
    const answer = await directory.apps.list({ page, per_page });
    apps.push(...answer.apps);
    if (page * per_page >= answer.pagination.total) return apps;
  }
}

function saveCredentials(file: string | null, credentials: AppCredentials): void {
  if (file) writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Registers the sandbox as an app, or finds its registration from an earlier start (its api_uri
 * follows the port this start listens on). When the secrets kept in `file` are gone but the app is
 * registered, new ones are made by rotation rather than a second app.
 */
export async function ensureRegistered(
  directory: TandemDirectory,
  file: string | null,
  apiUri: string,
  redirectUri: string,
): Promise<AppCredentials> {
  const wanted = registration(apiUri, redirectUri);
  const saved = readCredentials(file);
  const known = saved ? await findApp(directory, saved.appId) : null;
  if (saved && known) {
    if (known.api_uri !== apiUri || known.redirect_uri !== redirectUri || !known.open_channel) {
      await directory.apps.update(saved.appId, wanted);
    }
    return saved;
  }
  const registered = (await allApps(directory)).find(
    (app) => app.name === SANDBOX_APP_NAME && app.api_uri?.endsWith("/sandbox/webhooks"),
  );
  if (registered) {
    await directory.apps.update(registered.app_id, wanted);
    const client = await directory.apps.rotateSecret(registered.app_id, { type: "client" });
    const webhook = await directory.apps.rotateSecret(registered.app_id, { type: "webhook" });
    if (!client.client_secret || !webhook.webhook_secret) throw new Error("Tandem gave no new secrets");
    const credentials: AppCredentials = {
      appId: registered.app_id,
      appCodeName: registered.app_code_name,
      clientId: registered.client_id,
      clientSecret: client.client_secret,
      webhookSecret: webhook.webhook_secret,
    };
    saveCredentials(file, credentials);
    return credentials;
  }
  const { app } = await directory.apps.create(wanted);
  const credentials: AppCredentials = {
    appId: app.app_id,
    appCodeName: app.app_code_name,
    clientId: app.client_id,
    clientSecret: app.client_secret,
    webhookSecret: app.webhook_secret,
  };
  saveCredentials(file, credentials);
  return credentials;
}
