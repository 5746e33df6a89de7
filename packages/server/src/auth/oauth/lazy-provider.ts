import type Provider from "oidc-provider";
import type { OAuthProviderOptions } from "./provider.js";

/** The OAuth provider, built on first use. */
export type ProviderLoader = () => Promise<Provider>;

/**
 * oidc-provider and what it pulls in (koa, jose and more) took about 350 ms of a 1.5 s cold start
 * and the memory to match, while most servers see an OAuth request rarely: it is imported and
 * built on the first request that needs it. Its routes are registered at start all the same.
 */
export function lazyProvider(options: OAuthProviderOptions): ProviderLoader {
  let building: Promise<Provider> | null = null;
  return () => {
    building ??= import("./provider.js").then(({ createOAuthProvider }) => createOAuthProvider(options));
    return building;
  };
}
