import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import type { Kysely } from "kysely";
import type { Principal, PrincipalKind, PrincipalOf, TokenVerifier } from "../auth/principal.js";
import { safeEqual } from "../auth/secrets.js";
import { STAFF_SESSION_COOKIE, staffFromSession } from "../auth/staff-sessions.js";
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

  constructor(private readonly options: AuthenticatorOptions) {
    this.limiter = new RateLimiter(options.rateLimitPerMinute);
  }

  /** Verifiers added later (OAuth) are asked after the built-in ones. */
  addVerifier(verifier: TokenVerifier): void {
    this.options.verifiers.push(verifier);
  }

  async identify(
    request: FastifyRequest,
    allowCookie: boolean,
  ): Promise<{ principal: Principal; key: string } | null> {
    const token = bearerToken(request);
    if (token) {
      if (safeEqual(token, this.options.directoryToken))
        return { principal: { kind: "directory" }, key: "directory" };
      for (const verifier of this.options.verifiers) {
        const principal = await verifier.verify(token);
        if (principal) return { principal, key: token };
      }
      return null;
    }
    const sessionId = allowCookie ? request.cookies?.[STAFF_SESSION_COOKIE] : undefined;
    if (sessionId) {
      const principal = await staffFromSession(this.options.db, sessionId);
      if (principal) return { principal, key: sessionId };
    }
    return null;
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
