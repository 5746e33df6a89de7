import { communication } from "@tandem/contract";
import { sessionForApp } from "../../domain/app-scope.js";
import { changeSessionStatus, findSessions, openSession } from "../../domain/sessions.js";
import { clientTyping, missingTypingTarget } from "../../domain/typing.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { namedBusiness } from "../../http/business-scope.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { presentSession } from "../../presenters/session.js";
import { scopeForChannel, scopeForList, scopeForSession } from "./guard.js";

export function registerSessionRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("app", "directory");

  api.post(
    communication.createSession.path,
    { onRequest: guard, schema: routeSchema(communication.createSession) },
    async (request, reply) => {
      const business = namedBusiness(request, request.body.business_uid);
      const scope = await scopeForChannel(
        domain,
        request,
        request.body.channel_uid,
        "channel_uid",
        request.body.business_uid,
      );
      const { session, created } = await openSession(domain, scope, {
        ...request.body,
        ...(business ? { business_uid: business } : {}),
      });
      reply.status(created ? 201 : 200);
      return ok({ session: presentSession(session) });
    },
  );

  api.get(
    communication.listSessions.path,
    { onRequest: guard, schema: routeSchema(communication.listSessions) },
    async (request) => {
      const { business_uid: named, ...filter } = request.query;
      const sessions = await findSessions(domain, await scopeForList(domain, request, named), filter);
      return ok({ sessions: sessions.map(presentSession) });
    },
  );

  api.get(
    communication.getSession.path,
    { onRequest: guard, schema: routeSchema(communication.getSession) },
    async (request) => {
      const { session } = await sessionForApp(
        domain,
        await scopeForSession(domain, request, request.params.uid, "uid"),
        request.params.uid,
        "uid",
      );
      return ok({ session: presentSession(session) });
    },
  );

  api.put(
    communication.updateSession.path,
    { onRequest: guard, schema: routeSchema(communication.updateSession) },
    async (request) => {
      const session = await changeSessionStatus(
        domain,
        await scopeForSession(domain, request, request.params.uid, "uid"),
        request.params.uid,
        request.body.status,
      );
      return ok({ session: presentSession(session) });
    },
  );

  api.delete(
    communication.deleteSession.path,
    { onRequest: guard, schema: routeSchema(communication.deleteSession) },
    async (request) => {
      const session = await changeSessionStatus(
        domain,
        await scopeForSession(domain, request, request.params.uid, "uid"),
        request.params.uid,
        "deleted",
      );
      return ok({ session: presentSession(session) });
    },
  );

  for (const typing of [communication.clientTyping, communication.clientTypingUnversioned]) {
    api.post(typing.path, { onRequest: guard, schema: routeSchema(typing) }, async (request) => {
      const { session_uid: sessionUid, channel_uid: channelUid } = request.body;
      if (!sessionUid && !channelUid) throw missingTypingTarget();
      const scope = sessionUid
        ? await scopeForSession(domain, request, sessionUid)
        : await scopeForChannel(domain, request, channelUid ?? "");
      await clientTyping(domain, scope, request.body);
      return ok({});
    });
  }
}
