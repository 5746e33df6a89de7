import type { AppDirectory } from "../../domain/app-directory.js";
import type { Principal, TokenVerifier } from "../principal.js";
import type { ProviderLoader } from "./lazy-provider.js";
import { scopeList } from "./scopes.js";
import { tokenBinding } from "./token-response.js";

/** Who an OAuth access token speaks for. */
export interface OAuthIdentity {
  appId: string;
  appCodeName: string;
  /** Null for an app-level (client credentials) token. */
  businessUid: string | null;
  /** The staff member who installed the app, for a code-flow token. */
  staffUid: string | null;
  scopes: string[];
}

// oidc-provider's opaque tokens: 256 random bits, base64url. Anything else is not worth a lookup.
const OPAQUE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Maps an oidc-provider access token (code flow or client credentials) to an app principal. A token
 * that is unknown, revoked, expired or whose app was deleted is no one.
 */
export class OAuthTokenVerifier implements TokenVerifier {
  constructor(
    private readonly provider: ProviderLoader,
    private readonly apps: AppDirectory,
  ) {}

  async identify(token: string): Promise<OAuthIdentity | null> {
    if (!OPAQUE_TOKEN.test(token)) return null;
    const provider = await this.provider();
    const found = (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
    if (!found?.isValid) return null;
    const { appId, businessUid } = tokenBinding(found.extra);
    const app = appId ? await this.apps.find(appId) : null;
    if (!app || app.deleted_at !== null || app.client_id !== found.clientId) return null;
    const codeFlow = found.kind === "AccessToken";
    if (codeFlow && !businessUid) return null;
    return {
      appId: app.id,
      appCodeName: app.code_name,
      businessUid: codeFlow ? businessUid : null,
      staffUid: codeFlow ? found.accountId : null,
      scopes: scopeList(found.scope),
    };
  }

  async verify(token: string): Promise<Principal | null> {
    const identity = await this.identify(token);
    if (!identity) return null;
    return { kind: "app", appId: identity.appId, businessUid: identity.businessUid, scopes: identity.scopes };
  }
}
