import type { Logger } from "pino";
import type { Domain } from "../../domain/context.js";
import { revokeMintedToken } from "../api-tokens.js";
import type { PrincipalOf } from "../principal.js";
import { staffPrincipal } from "../staff-principal.js";
import type { Clock } from "./adapter.js";
import { ClientDirectory } from "./clients.js";
import { lazyProvider, type ProviderLoader } from "./lazy-provider.js";
import { OAuthTokenVerifier } from "./verifier.js";

/**
 * What the OAuth endpoints and pages need of Tandem, so that they reach no database themselves: the
 * authorization server (built on first use), the apps as OAuth clients, the verifier of its tokens,
 * and the few look-ups the sign-in and consent pages make.
 */
export interface OAuthServices {
  provider: ProviderLoader;
  clients: ClientDirectory;
  tokens: OAuthTokenVerifier;
  /** Gives up a minted token; true when it was one. */
  revokeMinted(token: string): Promise<boolean>;
  /** The staff member an OAuth account id names, while they still exist. */
  staffOfAccount(accountId: string): Promise<PrincipalOf<"staff"> | null>;
  businessName(businessUid: string): Promise<string | null>;
  appCodeName(appId: string): Promise<string>;
}

export function oauthServices(domain: Domain, logger: Logger, now: Clock): OAuthServices {
  const clients = new ClientDirectory(domain.db, domain.config.secretKey);
  const provider = lazyProvider({ domain, clients, logger, now });
  return {
    provider,
    clients,
    tokens: new OAuthTokenVerifier(provider, domain.apps),
    revokeMinted: (token) => revokeMintedToken(domain.db, token),
    staffOfAccount: (accountId) => staffPrincipal(domain.db, accountId),
    async businessName(businessUid) {
      const business = await domain.db
        .selectFrom("businesses")
        .select("name")
        .where("uid", "=", businessUid)
        .executeTakeFirst();
      return business?.name ?? null;
    },
    appCodeName: (appId) => domain.apps.codeName(appId),
  };
}
