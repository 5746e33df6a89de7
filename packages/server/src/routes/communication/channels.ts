import { Type } from "@sinclair/typebox";
import { channelForApp } from "../../domain/app-scope.js";
import { changeChannelByApp, createChannel, listChannelsForApp } from "../../domain/channels.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { ok } from "../../http/reply.js";
import { OneOf, Uid } from "../../http/schemas.js";
import { presentChannel } from "../../presenters/channel.js";
import { communicatingApp, namedBusiness } from "./guard.js";

const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  description: "at most 4,096 bytes as UTF-8 JSON",
});
const DisplayName = Type.String({ maxLength: 100 });
const Params = Type.Object({ uid: Uid("channel uid") });
const tags = ["communication: channels"];

export function registerChannelRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("app");

  api.post(
    "/business/communication/channels",
    {
      onRequest: guard,
      schema: {
        tags,
        body: Type.Object({
          business_uid: Type.Optional(Uid("business_uid")),
          type: OneOf(["transactional", "promotional"]),
          display_name: Type.Optional(DisplayName),
          metadata: Type.Optional(Metadata),
        }),
      },
    },
    async (request, reply) => {
      const app = communicatingApp(request);
      const business = namedBusiness(request, request.body.business_uid);
      const { channel, appCodeName } = await createChannel(domain, app, {
        ...request.body,
        ...(business ? { business_uid: business } : {}),
      });
      reply.status(201);
      return ok({ channel: presentChannel(channel, appCodeName) });
    },
  );

  api.get(
    "/business/communication/channels",
    {
      onRequest: guard,
      schema: {
        tags,
        querystring: Type.Object({
          business_uid: Type.Optional(Uid()),
          status: Type.Optional(OneOf(["pending", "active", "inactive", "blocked", "deleted", "error"])),
        }),
      },
    },
    async (request) => {
      const app = communicatingApp(request);
      const channels = await listChannelsForApp(domain, app, {
        business_uid: namedBusiness(request, request.query.business_uid),
        status: request.query.status,
      });
      const codeName = await domain.apps.codeName(app.appId);
      return ok({ channels: channels.map((channel) => presentChannel(channel, codeName)) });
    },
  );

  api.get(
    "/business/communication/channels/:uid",
    { onRequest: guard, schema: { tags, params: Params } },
    async (request) => {
      const app = communicatingApp(request);
      const channel = await channelForApp(domain.db, app, request.params.uid, "uid");
      return ok({ channel: presentChannel(channel, await domain.apps.codeName(app.appId)) });
    },
  );

  api.put(
    "/business/communication/channels/:uid",
    {
      onRequest: guard,
      schema: {
        tags,
        params: Params,
        body: Type.Object({
          status: Type.Optional(OneOf(["active", "inactive", "deleted"])),
          display_name: Type.Optional(DisplayName),
          metadata: Type.Optional(Metadata),
          app_uid: Type.Optional(
            Type.String({ minLength: 1, maxLength: 64, description: "destination app_code_name" }),
          ),
        }),
      },
    },
    async (request) => {
      const { channel, appCodeName } = await changeChannelByApp(
        domain,
        communicatingApp(request),
        request.params.uid,
        request.body,
      );
      return ok({ channel: presentChannel(channel, appCodeName) });
    },
  );

  api.delete(
    "/business/communication/channels/:uid",
    { onRequest: guard, schema: { tags, params: Params } },
    async (request) => {
      const { channel, appCodeName } = await changeChannelByApp(
        domain,
        communicatingApp(request),
        request.params.uid,
        { status: "deleted" },
      );
      return ok({ channel: presentChannel(channel, appCodeName) });
    },
  );
}
