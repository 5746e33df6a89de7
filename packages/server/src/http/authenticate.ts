import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import type { Kysely } from "kysely";
import type { Principal, PrincipalKind, PrincipalOf, TokenVerifier } from "../auth/principal.js";
import { safeEqual } from "../auth/secrets.js";
import { SignInThrottle } from "../auth/sign-in-throttle.js";
import {
  closeStaffSession,
  openStaffSession,
  STAFF_SESSION_COOKIE,
  staffFromSession,
} from "../auth/staff-sessions.js";
import { type SignInResult, staffByCredentials } from "../auth/staff-sign-in.js";
import { normalizeEmail } from "../domain/businesses.js";
import { AppError, unauthorized } from "../errors.js";
import type { Database } from "../storage/schema.js";
import { RateLimiter } from "./rate-limiter.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface AuthenticatorOptions {
  db: Kysely<Database>;
  directoryToken: string;
  verifiers: TokenVerifier[];
  rateLimitPerMinute: number;
}

/** What a request was let in with; a long-lived connection keeps it to check it again later. */
export type Credential = { kind: "bearer"; value: string } | { kind: "session"; value: string };

/** The same for every request or socket that came with the same credential. */
export const credentialKey = (credential: Credential) => `${credential.kind} ${credential.value}`;

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * Route guard: `onRequest: auth.require("app")` runs before the body is parsed or validated,
 * so a caller without the right token learns nothing about the request's shape.
 */
export class Authenticator {
  private readonly limiter: RateLimiter;
  private readonly endedListeners: Array<(credential: Credential) => void> = [];
  private readonly signIns = new SignInThrottle();

  constructor(private readonly options: AuthenticatorOptions) {
    this.limiter = new RateLimiter(options.rateLimitPerMinute);
  }

  /** Verifiers added later (OAuth) are asked after the built-in ones. */
  addVerifier(verifier: TokenVerifier): void {
    this.options.verifiers.push(verifier);
  }

  /** The bearer token, or else (where the route takes one) the session cookie. */
  credentialOf(request: FastifyRequest, allowCookie: boolean): Credential | null {
    const token = bearerToken(request);
    if (token) return { kind: "bearer", value: token };
    const sessionId = allowCookie ? request.cookies?.[STAFF_SESSION_COOKIE] : undefined;
    return sessionId ? { kind: "session", value: sessionId } : null;
  }

  /** Who the credential lets in now: read afresh each time, so an ended sign-in is no one. */
  async verify(credential: Credential): Promise<Principal | null> {
    if (credential.kind === "session") return staffFromSession(this.options.db, credential.value);
    if (safeEqual(credential.value, this.options.directoryToken)) return { kind: "directory" };
    for (const verifier of this.options.verifiers) {
      const principal = await verifier.verify(credential.value);
      if (principal) return principal;
    }
    return null;
  }

  async identify(
    request: FastifyRequest,
    allowCookie: boolean,
  ): Promise<{ principal: Principal; key: string } | null> {
    const credential = this.credentialOf(request, allowCookie);
    const principal = credential ? await this.verify(credential) : null;
    if (!credential || !principal) return null;
    return { principal, key: principal.kind === "directory" ? "directory" : credential.value };
  }

  /** Told when a sign-in ends in this process, so that what stays open with it (page sockets) closes. */
  onSignInEnded(listener: (credential: Credential) => void): void {
    this.endedListeners.push(listener);
  }

  /** A staff member's email and password, checked unless the email failed too often lately. */
  async signIn(email: string, password: string): Promise<SignInResult> {
    const account = normalizeEmail(email);
    const retryAfterS = this.signIns.retryAfter(account);
    if (retryAfterS > 0) return { refused: "throttled", retryAfterS };
    // Counted before the password is checked, so that guesses sent all at once cannot each pass.
    this.signIns.attempted(account);
    const staff = await staffByCredentials(this.options.db, email, password);
    if (!staff) return { refused: "credentials" };
    this.signIns.succeeded(account);
    return { staff };
  }

  /** A page's sign-in for a staff member whose credentials were checked: the session cookie's value. */
  openSession(staffUid: string): Promise<string> {
    return openStaffSession(this.options.db, staffUid);
  }

  /** Signs a page out: its session is deleted, and what this process holds open with it closes. */
  async signOut(sessionId: string): Promise<void> {
    await closeStaffSession(this.options.db, sessionId);
    this.signInEnded({ kind: "session", value: sessionId });
  }

  /** A credential that stopped working here (a revoked token): what this process holds open with it closes. */
  signInEnded(credential: Credential): void {
    for (const listener of this.endedListeners) listener(credential);
  }

  require(...kinds: PrincipalKind[]): onRequestAsyncHookHandler {
    const allowCookie = kinds.includes("staff");
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const identified = await this.identify(request, allowCookie);
      if (!identified) throw unauthorized();
      if (!kinds.includes(identified.principal.kind)) {
        throw unauthorized(`this endpoint does not accept a ${identified.principal.kind} token`);
      }
      const retryAfter = this.limiter.take(identified.key);
      if (retryAfter > 0) {
        reply.header("retry-after", String(retryAfter));
        throw new AppError({ code: "rate_limited", message: `too many requests; retry in ${retryAfter}s` });
      }
      request.principal = identified.principal;
    };
  }
}

/** The principal a guarded route was let in with, narrowed to the kinds it accepts. */
export function principalOf<K extends PrincipalKind>(request: FastifyRequest, ...kinds: K[]): PrincipalOf<K> {
  const principal = request.principal;
  if (!principal || !kinds.includes(principal.kind as K)) throw unauthorized();
  return principal as PrincipalOf<K>;
}
