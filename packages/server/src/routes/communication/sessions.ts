import { Type } from "@sinclair/typebox";
import { sessionForApp } from "../../domain/app-scope.js";
import { changeSessionStatus, findSessions, openSession } from "../../domain/sessions.js";
import { clientTyping, missingTypingTarget } from "../../domain/typing.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { namedBusiness } from "../../http/business-scope.js";
import { ok } from "../../http/reply.js";
import { OneOf, Text, Uid } from "../../http/schemas.js";
import { presentSession } from "../../presenters/session.js";
import { scopeForChannel, scopeForList, scopeForSession } from "./guard.js";

const Params = Type.Object({ uid: Uid("session uid") });
const tags = ["communication: sessions"];

export function registerSessionRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("app", "directory");

  api.post(
    "/business/communication/sessions",
    {
      onRequest: guard,
      schema: {
        tags,
        body: Type.Object({
          business_uid: Type.Optional(Uid("business_uid")),
          channel_uid: Uid("channel_uid"),
          contact_uid: Uid("a client uid or a matter uid"),
          external_uid: Text(255, "the app's own id of the contact"),
        }),
      },
    },
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
    "/business/communication/sessions",
    {
      onRequest: guard,
      schema: {
        tags,
        querystring: Type.Object({
          channel_uid: Type.Optional(Uid()),
          business_uid: Type.Optional(Uid()),
          contact_uid: Type.Optional(Uid()),
          external_uid: Type.Optional(Type.String({ maxLength: 255 })),
        }),
      },
    },
    async (request) => {
      const { business_uid: named, ...filter } = request.query;
      const sessions = await findSessions(domain, await scopeForList(domain, request, named), filter);
      return ok({ sessions: sessions.map(presentSession) });
    },
  );

  api.get(
    "/business/communication/sessions/:uid",
    { onRequest: guard, schema: { tags, params: Params } },
    async (request) => {
      const { session } = await sessionForApp(
        domain.db,
        await scopeForSession(domain, request, request.params.uid, "uid"),
        request.params.uid,
        "uid",
      );
      return ok({ session: presentSession(session) });
    },
  );

  api.put(
    "/business/communication/sessions/:uid",
    {
      onRequest: guard,
      schema: {
        tags,
        params: Params,
        body: Type.Object({ status: OneOf(["active", "inactive", "deleted"]) }),
      },
    },
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
    "/business/communication/sessions/:uid",
    { onRequest: guard, schema: { tags, params: Params } },
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

  const typingSchema = {
    tags,
    body: Type.Object({
      session_uid: Type.Optional(Uid("session_uid")),
      channel_uid: Type.Optional(Uid("channel_uid (open channels, with external_uid)")),
      external_uid: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
      typing: Type.Boolean(),
    }),
  };
  for (const path of [
    "/business/communication/v1/sessions/typing",
    "/business/communication/sessions/typing",
  ]) {
    api.post(path, { onRequest: guard, schema: typingSchema }, async (request) => {
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
