import type { AppRow } from "../../storage/schema.js";
import type { ClientDirectory } from "./clients.js";
import { scopeList, serviceScopes } from "./scopes.js";

/** An RFC 6749 §5.2 error answered before oidc-provider sees the request. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(description);
  }
}

const invalidRequest = (description: string) => new OAuthError(400, "invalid_request", description);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function jsonParams(text: string): URLSearchParams {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest("the body is not valid JSON");
  }
  if (!isRecord(value)) throw invalidRequest("the JSON body must be an object");
  const params = new URLSearchParams();
  for (const [name, field] of Object.entries(value)) {
    if (field === null || field === undefined) continue;
    for (const item of Array.isArray(field) ? field : [field]) {
      if (typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean") {
        throw invalidRequest(`${name} must be a string`);
      }
      params.append(name, String(item));
    }
  }
  return params;
}

/** A token request's parameters, sent as JSON or as a form; oidc-provider itself reads forms only. */
export function requestParams(contentType: string | undefined, body: unknown): URLSearchParams {
  const text = Buffer.isBuffer(body) ? body.toString("utf8") : "";
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/x-www-form-urlencoded") return new URLSearchParams(text);
  if (mediaType === "application/json") return jsonParams(text);
  if (mediaType === "" && text.trim() === "") return new URLSearchParams();
  throw invalidRequest("send the parameters as application/x-www-form-urlencoded or application/json");
}

/** RFC 6749 §2.3.1: both halves of HTTP Basic client credentials are form-encoded. */
function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", "%20"));
  } catch {
    throw invalidRequest("client_id and client_secret in the Authorization header are not properly encoded");
  }
}

function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | null {
  if (header === undefined) return null;
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  const decoded = match?.[1] ? Buffer.from(match[1], "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  if (colon < 0) throw invalidRequest("the Authorization header must carry HTTP Basic client credentials");
  return {
    clientId: decodeFormComponent(decoded.slice(0, colon)),
    clientSecret: decodeFormComponent(decoded.slice(colon + 1)),
  };
}

/** `POST /oauth/service/token {service_id, service_secret}` is `grant_type=client_credentials`. */
export function serviceTokenParams(params: URLSearchParams): URLSearchParams {
  const mapped = new URLSearchParams(params);
  for (const [alias, name] of [
    ["service_id", "client_id"],
    ["service_secret", "client_secret"],
  ] as const) {
    const value = params.get(alias);
    mapped.delete(alias);
    if (value !== null) mapped.set(name, value);
  }
  mapped.set("grant_type", "client_credentials");
  return mapped;
}

/**
 * Checks the presented client secret (HTTP Basic or in the body) against the app's stored digest, and
 * on success swaps it for the stand-in oidc-provider knows, always as client_secret_post. Without a
 * secret it leaves the request alone, and oidc-provider refuses it. Answers the app it authenticated.
 */
export async function authenticateClient(
  clients: ClientDirectory,
  params: URLSearchParams,
  authorization: string | undefined,
): Promise<AppRow | null> {
  const basic = basicCredentials(authorization);
  const postedId = params.get("client_id");
  const postedSecret = params.get("client_secret");
  if (basic && postedSecret !== null) {
    throw invalidRequest("client authentication must only be provided using one mechanism");
  }
  if (basic && postedId !== null && postedId !== basic.clientId) throw invalidRequest("client_id mismatch");
  const clientId = basic?.clientId ?? postedId;
  const secret = basic?.clientSecret ?? postedSecret;
  if (!clientId || !secret) return null;
  const app = await clients.authenticate(clientId, secret);
  if (!app) {
    const challenge: Record<string, string> = basic
      ? { "www-authenticate": 'Basic realm="tandem", error="invalid_client"' }
      : {};
    throw new OAuthError(401, "invalid_client", "client authentication failed", challenge);
  }
  params.set("client_id", app.client_id);
  params.set("client_secret", clients.providerSecret(app));
  return app;
}

/**
 * An app-level token carries only scopes the app was registered with (oidc-provider would let an
 * unknown scope through to it); without a `scope` it gets all of them.
 */
export function applyServiceScopes(params: URLSearchParams, app: AppRow): void {
  const allowed = serviceScopes(app);
  const requested = scopeList(params.get("scope") ?? undefined);
  const refused = requested.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) {
    throw new OAuthError(400, "invalid_scope", `requested scope is not allowed: ${refused.join(" ")}`);
  }
  if (requested.length === 0 && allowed.length > 0) params.set("scope", allowed.join(" "));
}
