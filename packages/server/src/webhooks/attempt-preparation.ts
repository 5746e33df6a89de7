import type { AppDirectory } from "../domain/app-directory.js";
import type { AppRow, DeliveryRow } from "../storage/schema.js";
import type { AttemptFailureReason } from "./attempt-failure.js";
import type { SendRequest } from "./sender.js";
import type { WebhookSigner } from "./webhook-signer.js";

export type PreparedAttempt =
  | { kind: "ready"; app: AppRow; request: SendRequest }
  | {
      kind: "unsendable";
      app: AppRow | null;
      reason: Extract<AttemptFailureReason, "tandem_error" | "no_destination">;
      error: string;
    };

export const webhookIdOf = (delivery: DeliveryRow) => `msg_${delivery.uid}`;

const tandemError = (what: string, error: unknown, app: AppRow | null): PreparedAttempt => ({
  kind: "unsendable",
  app,
  reason: "tandem_error",
  error: `${what}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500),
});

/**
 * Everything an attempt needs before it can send: the app and its address, and the signed call.
 * Never throws: a failure of Tandem's own here is an attempt that failed, kept and retried like any.
 */
export async function prepareAttempt(
  delivery: DeliveryRow,
  apps: AppDirectory,
  signer: WebhookSigner,
): Promise<PreparedAttempt> {
  let app: AppRow | null;
  try {
    // The app directory's short cache keeps a query per attempt off the delivery path.
    app = await apps.find(delivery.app_id);
  } catch (error) {
    return tandemError("Tandem could not look up the app", error, null);
  }
  // An integration's event goes to its subscription's target; every other call under the app's api_uri.
  const url =
    delivery.target_url ?? (app?.api_uri ? `${app.api_uri.replace(/\/+$/, "")}${delivery.path}` : null);
  if (!app || !url || app.deleted_at) {
    return { kind: "unsendable", app, reason: "no_destination", error: "the app has no api_uri" };
  }
  let headers: Record<string, string>;
  try {
    headers = signer.headers(app, webhookIdOf(delivery), delivery.body);
  } catch (error) {
    return tandemError("Tandem could not sign this webhook", error, app);
  }
  return {
    kind: "ready",
    app,
    request: {
      url,
      method: delivery.method,
      headers,
      body: delivery.body,
    },
  };
}
