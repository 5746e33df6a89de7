import type { Authorization } from "../client/transport.js";
import { TandemError } from "../errors.js";
import { type OAuthClient, tokenSetOf } from "./oauth.js";
import { APP_TOKEN_KEY, type TokenSet, type TokenStore } from "./token-store.js";

export interface TokenManagerOptions {
  oauth: OAuthClient;
  store: TokenStore;
  /** Client credentials are at hand: the app-level token can be fetched and renewed. */
  canFetchAppToken: boolean;
  /** A fixed token (minted by the directory, or kept by the app): used as it is, never renewed. */
  fixedToken?: string | undefined;
  /** Renew this long before a token expires (default 60 s), so no call carries a token about to die. */
  refreshSkewMs?: number;
  now?: () => number;
}

/**
 * The access token of each call: a business's own token when the store holds one (renewed with its
 * refresh token), else the app-level token acting on the business through `x-on-behalf-of`.
 * Renewals are single-flight per key: however many calls find a token stale at once, one request
 * renews it and all of them use the answer.
 */
export class TokenManager {
  private readonly flights = new Map<string, Promise<TokenSet>>();
  private readonly skewMs: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenManagerOptions) {
    this.skewMs = options.refreshSkewMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The credential of calls acting on `businessUid` (or on no business in particular). */
  authorizationFor(businessUid: string | undefined): Authorization {
    return {
      headers: () => this.headersFor(businessUid),
      rejected: (headers) => this.rejected(businessUid, headers),
    };
  }

  /** Keeps a business's tokens (after a code exchange, or loaded from elsewhere). */
  async remember(businessUid: string, tokens: TokenSet): Promise<void> {
    await this.options.store.set(businessUid, tokens);
  }

  private async headersFor(businessUid: string | undefined): Promise<Record<string, string>> {
    if (businessUid) {
      const own = await this.options.store.get(businessUid);
      if (own) return { authorization: `Bearer ${(await this.fresh(businessUid, own)).accessToken}` };
    }
    const appToken = await this.appToken();
    return {
      authorization: `Bearer ${appToken}`,
      ...(businessUid ? { "x-on-behalf-of": businessUid } : {}),
    };
  }

  private async appToken(): Promise<string> {
    if (this.options.fixedToken) return this.options.fixedToken;
    if (!this.options.canFetchAppToken) {
      throw new TypeError("no credential: give clientId and clientSecret, or accessToken");
    }
    const stored = await this.options.store.get(APP_TOKEN_KEY);
    return (await this.fresh(APP_TOKEN_KEY, stored)).accessToken;
  }

  private fresh(key: string, tokens: TokenSet | undefined): Promise<TokenSet> | TokenSet {
    if (tokens && tokens.expiresAt - this.skewMs > this.now()) return tokens;
    return this.renew(key, tokens?.accessToken);
  }

  /** A 401: renew the refused token, unless another call has already. */
  private async rejected(businessUid: string | undefined, headers: Record<string, string>): Promise<boolean> {
    const refused = headers.authorization?.replace(/^Bearer /, "");
    if (!refused || refused === this.options.fixedToken) return false;
    // Without x-on-behalf-of, a call for a business carried the business's own token.
    const key = businessUid && headers["x-on-behalf-of"] === undefined ? businessUid : APP_TOKEN_KEY;
    try {
      await this.renew(key, refused);
      return true;
    } catch {
      return false;
    }
  }

  /** One renewal per key at a time; `stale` is the token the caller found wanting. */
  private renew(key: string, stale: string | undefined): Promise<TokenSet> {
    const running = this.flights.get(key);
    if (running) return running;
    const flight = this.renewOnce(key, stale).finally(() => this.flights.delete(key));
    this.flights.set(key, flight);
    return flight;
  }

  private async renewOnce(key: string, stale: string | undefined): Promise<TokenSet> {
    // Read again: a renewal that finished while this caller waited has already done the work.
    const current = await this.options.store.get(key);
    if (current && current.accessToken !== stale && current.expiresAt - this.skewMs > this.now()) {
      return current;
    }
    let renewed: TokenSet;
    if (key === APP_TOKEN_KEY) {
      renewed = tokenSetOf(await this.options.oauth.clientCredentials(), this.now());
    } else {
      if (!current?.refreshToken) {
        throw new TandemError({
          status: 401,
          code: "unauthorized",
          message: `the token of business ${key} has expired and has no refresh token`,
          method: "POST",
          path: "/oauth/token",
        });
      }
      try {
        renewed = tokenSetOf(await this.options.oauth.refresh(current.refreshToken), this.now());
      } catch (error) {
        // A refresh token Tandem no longer honours will never work again: the business must reinstall.
        if (error instanceof TandemError && error.code === "invalid_grant")
          await this.options.store.delete(key);
        throw error;
      }
      renewed.refreshToken ??= current.refreshToken;
    }
    await this.options.store.set(key, renewed);
    return renewed;
  }
}
