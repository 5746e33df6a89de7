import { parseJson } from "../../storage/json-text.js";
import type { AppRow } from "../../storage/schema.js";

/** The scopes of SPEC §3, with what the consent page tells staff each one allows. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  openid: "Know who you are: your staff account and your business",
  "business/clients": "See and add your business's clients",
  "business/communication": "Open channels and send and receive messages for your business",
  "business/conversations":
    "Message your business's clients by phone or email through its channels, manage its message templates, and hear of its conversations",
};

export const SUPPORTED_SCOPES = Object.keys(SCOPE_DESCRIPTIONS);

/** The scopes an app was registered with, limited to the ones Tandem knows. */
export function appScopes(app: Pick<AppRow, "scopes">): string[] {
  const registered = parseJson<unknown>(app.scopes, []);
  if (!Array.isArray(registered)) return [];
  return registered.filter((scope): scope is string => SUPPORTED_SCOPES.includes(String(scope)));
}

/** Service tokens act for no person, so `openid` means nothing to them. */
export const serviceScopes = (app: Pick<AppRow, "scopes">): string[] =>
  appScopes(app).filter((scope) => scope !== "openid");

export const scopeList = (scope: string | undefined): string[] =>
  scope ? scope.split(" ").filter((part) => part.length > 0) : [];
