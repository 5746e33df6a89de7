import { Type } from "@sinclair/typebox";
import { channelForApp } from "../../domain/app-scope.js";
import { changeChannelByApp, createChannel, listChannels } from "../../domain/channels.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { namedBusiness } from "../../http/business-scope.js";
import { ok } from "../../http/reply.js";
import { OneOf, Text, Uid } from "../../http/schemas.js";
import { presentChannel } from "../../presenters/channel.js";
import { scopeForChannel, scopeForList, scopeForNewChannel } from "./guard.js";

const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  description: "at most 4,096 bytes as UTF-8 JSON",
});
const DisplayName = Type.String({ maxLength: 100 });
const Params = Type.Object({ uid: Uid("channel uid") });
const tags = ["communication: channels"];

export function registerChannelRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("app", "directory");

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
          app_code_name: Type.Optional(
            Text(64, "the directory only: the installed app the channel is for (an app token is the app)"),
          ),
        }),
      },
    },
    async (request, reply) => {
      const scope = await scopeForNewChannel(domain, request, request.body);
      const business = namedBusiness(request, request.body.business_uid);
      const { channel, appCodeName } = await createChannel(domain, scope, {
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
      const scope = await scopeForList(domain, request, request.query.business_uid);
      const channels = await listChannels(domain, scope, { status: request.query.status });
      const presented = await Promise.all(
        channels.map(async (channel) => presentChannel(channel, await domain.apps.codeName(channel.app_id))),
      );
      return ok({ channels: presented });
    },
  );

  api.get(
    "/business/communication/channels/:uid",
    { onRequest: guard, schema: { tags, params: Params } },
    async (request) => {
      const scope = await scopeForChannel(domain, request, request.params.uid, "uid");
      const channel = await channelForApp(domain.db, scope, request.params.uid, "uid");
      return ok({ channel: presentChannel(channel, await domain.apps.codeName(scope.appId)) });
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
        await scopeForChannel(domain, request, request.params.uid, "uid"),
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
        await scopeForChannel(domain, request, request.params.uid, "uid"),
        request.params.uid,
        { status: "deleted" },
      );
      return ok({ channel: presentChannel(channel, appCodeName) });
    },
  );
}
