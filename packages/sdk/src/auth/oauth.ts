import type { AnswerOf, oauth, QueryOf } from "@tandem/contract";
import type { Transport } from "../client/transport.js";
import type { TokenSet } from "./token-store.js";

/** `POST /oauth/token`'s answer (RFC 6749). */
export type OAuthTokenAnswer = AnswerOf<typeof oauth.oauthToken>;
/** `GET /oauth/userinfo`'s answer: who a token is. */
export type TokenOwner = AnswerOf<typeof oauth.oauthUserinfo>;

export interface AppCredentials {
  clientId: string;
  clientSecret: string;
}

export interface AuthorizeUrlOptions {
  redirectUri: string;
  /** Echoed back to the redirect; check it there (CSRF). */
  state: string;
  /** Space-separated; every scope the app registered when absent. */
  scope?: string;
  /** From `createPkcePair()`: the challenge goes here, the verifier to `exchangeCode`. */
  codeChallenge?: string;
}

export interface CodeExchange {
  code: string;
  redirectUri: string;
  codeVerifier?: string;
}

export function tokenSetOf(answer: OAuthTokenAnswer, now: number): TokenSet {
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    // Measured from this clock, not the server's created_at, so a skewed clock cannot keep a dead token.
    expiresAt: now + answer.expires_in * 1000,
    scope: answer.scope,
  };
}

/** Tandem's OAuth 2.0 endpoints as an app uses them (SPEC §3). */
export class OAuthClient {
  constructor(
    private readonly transport: Transport,
    private readonly credentials: AppCredentials | undefined,
  ) {}

  /** Where to send a business's admin to install the app (authorization code, PKCE S256 when given). */
  authorizeUrl(options: AuthorizeUrlOptions): string {
    const query: QueryOf<typeof oauth.oauthAuthorize> = {
      response_type: "code",
      client_id: this.app().clientId,
      redirect_uri: options.redirectUri,
      state: options.state,
      ...(options.scope ? { scope: options.scope } : {}),
      ...(options.codeChallenge
        ? { code_challenge: options.codeChallenge, code_challenge_method: "S256" as const }
        : {}),
    };
    return this.transport.url("oauthAuthorize", undefined, query);
  }

  /** The app-level token: it acts on any business that installed the app, named per call. */
  clientCredentials(): Promise<OAuthTokenAnswer> {
    // Each grant mints a token of its own; a repeat is harmless.
    return this.token({ grant_type: "client_credentials" }, "idempotent");
  }

  /** The code from the redirect, for a token pair bound to the business that installed the app. */
  exchangeCode(exchange: CodeExchange): Promise<OAuthTokenAnswer> {
    // A code is single-use: only a refusal before any work (429) is retried.
    return this.token(
      {
        grant_type: "authorization_code",
        code: exchange.code,
        redirect_uri: exchange.redirectUri,
        code_verifier: exchange.codeVerifier,
      },
      "unprocessed",
    );
  }

  /** A new pair for a refresh token (it rotates). */
  refresh(refreshToken: string): Promise<OAuthTokenAnswer> {
    // Tandem answers a valid pair to a refresh token presented again within 60 s of its rotation.
    return this.token({ grant_type: "refresh_token", refresh_token: refreshToken }, "idempotent");
  }

  async userinfo(accessToken: string): Promise<TokenOwner> {
    const answer = await this.transport.send({
      endpoint: "oauthUserinfo",
      headers: { authorization: `Bearer ${accessToken}` },
    });
    return answer.body as TokenOwner;
  }

  /** Revokes an access or refresh token (RFC 7009: unknown tokens are no error). */
  async revoke(token: string): Promise<void> {
    await this.transport.send({ endpoint: "oauthRevoke", form: { token, ...this.clientFields() } });
  }

  private async token(
    grant: Record<string, string | undefined>,
    retry: "idempotent" | "unprocessed",
  ): Promise<OAuthTokenAnswer> {
    const answer = await this.transport.send({
      endpoint: "oauthToken",
      form: { ...grant, ...this.clientFields() },
      retry,
    });
    return answer.body as OAuthTokenAnswer;
  }

  private clientFields() {
    const { clientId, clientSecret } = this.app();
    return { client_id: clientId, client_secret: clientSecret };
  }

  private app(): AppCredentials {
    if (!this.credentials) throw new TypeError("OAuth needs the app's clientId and clientSecret");
    return this.credentials;
  }
}
