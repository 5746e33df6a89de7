import {
  type AppCredentials,
  type AuthorizeUrlOptions,
  type CodeExchange,
  OAuthClient,
  type TokenOwner,
  tokenSetOf,
} from "../auth/oauth.js";
import { MemoryTokenStore, type TokenSet, type TokenStore } from "../auth/token-store.js";
import { TokenManager } from "../auth/tokens.js";
import { type CommunicationApi, communicationApi, sendVia } from "./api.js";
import type { RetryOptions } from "./retry.js";
import { Transport } from "./transport.js";

export interface TandemOptions {
  /** Where Tandem runs, e.g. `https://tandem.example.com`. */
  baseUrl: string;
  /** The app's OAuth client: for the app-level token, code exchanges and refreshes. */
  clientId?: string;
  clientSecret?: string;
  /** A fixed token instead (one the directory minted): used as it is, never renewed. */
  accessToken?: string;
  /** Where tokens are kept, per business (default: this process's memory). */
  tokenStore?: TokenStore;
  retry?: RetryOptions;
  /** Each attempt's time limit (default 30 s). */
  timeoutMs?: number;
  /** Renew tokens this long before they expire (default 60 s). */
  refreshSkewMs?: number;
  fetch?: typeof fetch;
}

/** A business's installation, as a finished authorization-code exchange answers it. */
export interface Installation {
  businessUid: string;
  owner: TokenOwner;
  tokens: TokenSet;
}

function credentialsOf(options: TandemOptions): AppCredentials | undefined {
  if (!options.clientId && !options.clientSecret) return undefined;
  if (!options.clientId || !options.clientSecret) {
    throw new TypeError("clientId and clientSecret go together");
  }
  return { clientId: options.clientId, clientSecret: options.clientSecret };
}

/**
 * Tandem for a communication app or a business integration: the API calls of SPEC §5 (and clients,
 * matters) and §10 (conversations, templates, subscriptions), typed by the contract. Calls made here use the app-level token and name the business in their body or query;
 * `forBusiness(uid)` gives the same calls acting on one business, with that business's own token
 * when an installation left one in the store, else the app-level token and `x-on-behalf-of`.
 */
export class Tandem {
  readonly oauth: OAuthClient;
  readonly channels: CommunicationApi["channels"];
  readonly sessions: CommunicationApi["sessions"];
  readonly messages: CommunicationApi["messages"];
  readonly clients: CommunicationApi["clients"];
  readonly matters: CommunicationApi["matters"];
  readonly typing: CommunicationApi["typing"];
  readonly conversations: CommunicationApi["conversations"];
  readonly templates: CommunicationApi["templates"];
  readonly subscriptions: CommunicationApi["subscriptions"];
  private readonly transport: Transport;
  private readonly tokens: TokenManager;
  private readonly views = new Map<string, CommunicationApi>();

  constructor(options: TandemOptions) {
    const credentials = credentialsOf(options);
    this.transport = new Transport(options);
    this.oauth = new OAuthClient(this.transport, credentials);
    this.tokens = new TokenManager({
      oauth: this.oauth,
      store: options.tokenStore ?? new MemoryTokenStore(),
      canFetchAppToken: credentials !== undefined,
      fixedToken: options.accessToken,
      ...(options.refreshSkewMs === undefined ? {} : { refreshSkewMs: options.refreshSkewMs }),
    });
    const api = this.apiFor(undefined);
    this.channels = api.channels;
    this.sessions = api.sessions;
    this.messages = api.messages;
    this.clients = api.clients;
    this.matters = api.matters;
    this.typing = api.typing;
    this.conversations = api.conversations;
    this.templates = api.templates;
    this.subscriptions = api.subscriptions;
  }

  /** The same calls, acting on one business. */
  forBusiness(businessUid: string): CommunicationApi {
    let view = this.views.get(businessUid);
    if (!view) {
      view = this.apiFor(businessUid);
      this.views.set(businessUid, view);
    }
    return view;
  }

  /** The URL to send a business's admin to, to install the app. */
  authorizeUrl(options: AuthorizeUrlOptions): string {
    return this.oauth.authorizeUrl(options);
  }

  /**
   * Finishes an installation: exchanges the redirect's code (with the PKCE verifier, when one was
   * used), asks Tandem which business the token is bound to, and keeps the tokens for it.
   */
  async completeAuthorization(exchange: CodeExchange): Promise<Installation> {
    const tokens = tokenSetOf(await this.oauth.exchangeCode(exchange), Date.now());
    const owner = await this.oauth.userinfo(tokens.accessToken);
    if (!owner.business_uid) throw new TypeError("the exchanged token is bound to no business");
    await this.tokens.remember(owner.business_uid, tokens);
    return { businessUid: owner.business_uid, owner, tokens };
  }

  /** Keeps tokens a business gave earlier (kept elsewhere), so `forBusiness` uses and renews them. */
  rememberTokens(businessUid: string, tokens: TokenSet): Promise<void> {
    return this.tokens.remember(businessUid, tokens);
  }

  private apiFor(businessUid: string | undefined): CommunicationApi {
    return communicationApi(sendVia(this.transport, this.tokens.authorizationFor(businessUid)));
  }
}
