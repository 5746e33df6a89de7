import { communication } from "@tandem/contract";
import { channelForApp } from "../../domain/app-scope.js";
import { changeChannelByApp, createChannel, listChannels } from "../../domain/channels.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { namedBusiness } from "../../http/business-scope.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { presentChannel } from "../../presenters/channel.js";
import { scopeForChannel, scopeForList, scopeForNewChannel } from "./guard.js";

export function registerChannelRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const guard = auth.require("app", "directory");

  api.post(
    communication.createChannel.path,
    { onRequest: guard, schema: routeSchema(communication.createChannel) },
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
    communication.listChannels.path,
    { onRequest: guard, schema: routeSchema(communication.listChannels) },
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
    communication.getChannel.path,
    { onRequest: guard, schema: routeSchema(communication.getChannel) },
    async (request) => {
      const scope = await scopeForChannel(domain, request, request.params.uid, "uid");
      const channel = await channelForApp(domain, scope, request.params.uid, "uid");
      return ok({ channel: presentChannel(channel, await domain.apps.codeName(scope.appId)) });
    },
  );

  api.put(
    communication.updateChannel.path,
    { onRequest: guard, schema: routeSchema(communication.updateChannel) },
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
    communication.deleteChannel.path,
    { onRequest: guard, schema: routeSchema(communication.deleteChannel) },
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
