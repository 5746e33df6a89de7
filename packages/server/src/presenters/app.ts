import type { App } from "@tandem/contract";
import { parseJson } from "../storage/json-text.js";
import type { AppRow } from "../storage/schema.js";

/** An app as every read shows it: never a secret. */
export function presentApp(app: AppRow): App {
  return {
    app_id: app.id,
    app_code_name: app.code_name,
    name: app.name,
    app_type: parseJson<string[]>(app.app_type, []),
    client_id: app.client_id,
    redirect_uri: app.redirect_uri,
    api_uri: app.api_uri,
    trusted: app.trusted === 1,
    url_params: parseJson<string[]>(app.url_params, []),
    scopes: parseJson<string[]>(app.scopes, []),
    app_layer: app.app_layer,
    open_channel: app.open_channel === 1,
    unreachable: app.unreachable === 1,
    created_at: app.created_at,
    updated_at: app.updated_at,
  };
}
