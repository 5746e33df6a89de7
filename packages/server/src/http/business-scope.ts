import type { FastifyRequest } from "fastify";
import type { PrincipalOf } from "../auth/principal.js";
import { businessForApp } from "../domain/app-scope.js";
import type { Domain } from "../domain/context.js";
import { AppError, forbidden, notFound } from "../errors.js";

export function requireScope(principal: PrincipalOf<"app">, scope: string): void {
  if (!principal.scopes.includes(scope)) throw forbidden(`the token lacks the ${scope} scope`);
}

/** `business_uid` from the body or query, else the `x-on-behalf-of` header. */
export function namedBusiness(request: FastifyRequest, named: string | undefined): string | undefined {
  if (named) return named;
  const header = request.headers["x-on-behalf-of"];
  return typeof header === "string" && header ? header : undefined;
}

/**
 * The business the directory acts on (SPEC §3): named by the body or query (`field`), else by the
 * `x-on-behalf-of` header; naming none is a 422 that names the header.
 */
export async function directoryBusiness(
  domain: Domain,
  request: FastifyRequest,
  named: string | undefined,
  field = "business_uid",
): Promise<string> {
  const requested = namedBusiness(request, named);
  if (!requested) {
    throw new AppError({
      code: "missing_field",
      field: "x-on-behalf-of",
      message: `x-on-behalf-of (or ${field}) is required: the directory acts on the business it names`,
    });
  }
  const business = await domain.db
    .selectFrom("businesses")
    .select("uid")
    .where("uid", "=", requested)
    .executeTakeFirst();
  if (!business) throw notFound("business", named ? field : "x-on-behalf-of");
  return business.uid;
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
  if (principal.kind === "app") {
    return businessForApp(domain, principal, namedBusiness(request, named), field);
  }
  return directoryBusiness(domain, request, named, field);
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
