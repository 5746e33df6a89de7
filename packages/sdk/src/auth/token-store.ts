/** An access token and what renews it. */
export interface TokenSet {
  accessToken: string;
  /** Present for tokens of the authorization-code flow; rotated on every refresh. */
  refreshToken?: string | undefined;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  scope?: string | undefined;
}

/**
 * Where the SDK keeps tokens, one set per key: a business uid for the tokens an installation gave
 * (authorization code), `APP_TOKEN_KEY` for the app-level token. Keep a store per app. Plug in a
 * database or a cache so that tokens survive restarts and are shared by processes.
 */
export interface TokenStore {
  get(key: string): Promise<TokenSet | undefined> | TokenSet | undefined;
  set(key: string, tokens: TokenSet): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

/** The key of the app-level token (client credentials); business uids never take this form. */
export const APP_TOKEN_KEY = "app:client_credentials";

/** Tokens in this process's memory: the default, lost on restart. */
export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, TokenSet>();

  get(key: string): TokenSet | undefined {
    return this.tokens.get(key);
  }

  set(key: string, tokens: TokenSet): void {
    this.tokens.set(key, tokens);
  }

  delete(key: string): void {
    this.tokens.delete(key);
  }
}
