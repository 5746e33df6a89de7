import type { FastifyRequest } from "fastify";
import type { PrincipalOf } from "../../auth/principal.js";
import { principalOf } from "../../http/authenticate.js";
import { requireScope } from "../../http/business-scope.js";

/** The app behind a communication-API request (its token must carry the business/communication scope). */
export function communicatingApp(request: FastifyRequest): PrincipalOf<"app"> {
  const app = principalOf(request, "app");
  requireScope(app, "business/communication");
  return app;
}

/** `business_uid` from the body or query, else the `x-on-behalf-of` header. */
export function namedBusiness(request: FastifyRequest, named: string | undefined): string | undefined {
  if (named) return named;
  const header = request.headers["x-on-behalf-of"];
  return typeof header === "string" && header ? header : undefined;
}
