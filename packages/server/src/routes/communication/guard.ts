import type { FastifyRequest } from "fastify";
import type { PrincipalOf } from "../../auth/principal.js";
import {
  type AppScope,
  businessForApp,
  isInstalled,
  type ListScope,
  ownerOfChannel,
  ownerOfSession,
} from "../../domain/app-scope.js";
import type { Domain } from "../../domain/context.js";
import { missingField, notFound } from "../../errors.js";
import { principalOf } from "../../http/authenticate.js";
import { directoryBusiness, namedBusiness, requireScope } from "../../http/business-scope.js";

/**
 * The communication API's callers: apps, whose token is the app, and the directory, which acts on
 * the business named by `x-on-behalf-of` (or the body's `business_uid`) as the app that owns the
 * channel or session the request names (SPEC §3). An app token must carry `business/communication`.
 */
type Caller = PrincipalOf<"app"> | PrincipalOf<"directory">;

function communicationCaller(request: FastifyRequest): Caller {
  const caller = principalOf(request, "app", "directory");
  if (caller.kind === "app") requireScope(caller, "business/communication");
  return caller;
}

/** The scope of a request that names a channel: the app's own, or for the directory the channel's owner. */
export async function scopeForChannel(
  domain: Domain,
  request: FastifyRequest,
  channelUid: string,
  field = "channel_uid",
  named?: string,
): Promise<AppScope> {
  const caller = communicationCaller(request);
  if (caller.kind === "app") return caller;
  return ownerOfChannel(domain, await directoryBusiness(domain, request, named), channelUid, field);
}

/** The scope of a request that names a session: the app's own, or for the directory its channel's owner. */
export async function scopeForSession(
  domain: Domain,
  request: FastifyRequest,
  sessionUid: string,
  field = "session_uid",
): Promise<AppScope> {
  const caller = communicationCaller(request);
  if (caller.kind === "app") return caller;
  return ownerOfSession(domain, await directoryBusiness(domain, request, undefined), sessionUid, field);
}

/**
 * The scope of a new channel. The directory names the app by `app_code_name`, as it does to install
 * one, and the app must be installed on the business; an app token is the app, whatever it names.
 */
export async function scopeForNewChannel(
  domain: Domain,
  request: FastifyRequest,
  named: { business_uid?: string | undefined; app_code_name?: string | undefined },
): Promise<AppScope> {
  const caller = communicationCaller(request);
  if (caller.kind === "app") return caller;
  const businessUid = await directoryBusiness(domain, request, named.business_uid);
  if (!named.app_code_name) throw missingField("app_code_name");
  const app = await domain.apps.findByCodeName(named.app_code_name);
  if (!app || !(await isInstalled(domain, app.id, businessUid))) {
    throw notFound("app installed on this business", "app_code_name");
  }
  return { appId: app.id, businessUid };
}

/**
 * What a list reaches. A business named by an app (query or `x-on-behalf-of`) must be in its reach,
 * else 404 as SPEC §3 asks, not an empty list; the directory lists every app's at the business it names.
 */
export async function scopeForList(
  domain: Domain,
  request: FastifyRequest,
  named: string | undefined,
): Promise<ListScope> {
  const caller = communicationCaller(request);
  if (caller.kind === "directory") {
    return { appId: null, businessUid: await directoryBusiness(domain, request, named) };
  }
  const requested = namedBusiness(request, named);
  if (!requested && !caller.businessUid) return { appId: caller.appId, businessUid: null };
  return { appId: caller.appId, businessUid: await businessForApp(domain, caller, requested) };
}
