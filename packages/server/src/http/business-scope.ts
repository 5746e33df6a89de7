import type { FastifyRequest } from "fastify";
import type { PrincipalOf } from "../auth/principal.js";
import { businessForApp } from "../domain/app-scope.js";
import { findBusiness } from "../domain/businesses.js";
import type { Domain } from "../domain/context.js";
import { AppError, forbidden } from "../errors.js";

export function requireScope(principal: PrincipalOf<"app">, scope: string): void {
  if (!principal.scopes.includes(scope)) throw forbidden(`the token lacks the ${scope} scope`);
}

/**
 * The business a directory or app request acts on: named in the body or query (`field`),
 * or by the `x-on-behalf-of` header; app tokens reach only businesses that have the app.
 */
export async function actingBusiness(
  domain: Domain,
  request: FastifyRequest,
  principal: PrincipalOf<"directory" | "app">,
  named: string | undefined,
  field = "business_uid",
): Promise<string> {
  const header = request.headers["x-on-behalf-of"];
  const requested = named ?? (typeof header === "string" && header ? header : undefined);
  if (principal.kind === "app") return businessForApp(domain.db, principal, requested, field);
  if (!requested) {
    throw new AppError({
      code: "missing_field",
      field,
      message: `${field} (or the x-on-behalf-of header) is required`,
    });
  }
  return (await findBusiness(domain, requested)).uid;
}

/**
 * The business of a record the caller names by uid (a client), given the record's owner. A record out
 * of the caller's reach answers exactly like one that does not exist, so uids cannot be probed.
 */
export async function owningBusiness(
  domain: Domain,
  request: FastifyRequest,
  principal: PrincipalOf<"directory" | "app">,
  ownerUid: string | undefined,
  missing: () => AppError,
): Promise<string> {
  if (!ownerUid) throw missing();
  try {
    return await actingBusiness(domain, request, principal, ownerUid);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw missing();
    throw error;
  }
}
