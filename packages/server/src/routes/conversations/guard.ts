import type { FastifyRequest } from "fastify";
import { businessForApp } from "../../domain/app-scope.js";
import type { Domain } from "../../domain/context.js";
import { principalOf } from "../../http/authenticate.js";
import { namedBusiness, requireScope } from "../../http/business-scope.js";

/** An integration acting at one business that installed it. */
export interface IntegrationAtBusiness {
  appId: string;
  businessUid: string;
}

/**
 * The business-integration API's caller: an app token with `business/conversations`, at the business
 * its token is bound to or the one it names (body, query or `x-on-behalf-of`), which must have it
 * installed; any other business is 404.
 */
export async function integrationAt(
  domain: Domain,
  request: FastifyRequest,
  named: string | undefined,
): Promise<IntegrationAtBusiness> {
  const app = principalOf(request, "app");
  requireScope(app, "business/conversations");
  const businessUid = await businessForApp(domain, app, namedBusiness(request, named));
  return { appId: app.appId, businessUid };
}
