import { Type } from "@sinclair/typebox";
import { findApp } from "../../domain/apps.js";
import { changeChannelStatusAsBusiness } from "../../domain/channels.js";
import { findDelivery, listDeliveries, recoverDeliveries, retryDelivery } from "../../domain/deliveries.js";
import { parseInputTime } from "../../domain/message-time.js";
import { missingField } from "../../errors.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { ok } from "../../http/reply.js";
import { OneOf, PageQuery, pagination, Uid } from "../../http/schemas.js";
import { presentChannel } from "../../presenters/channel.js";
import { presentDeliveries, presentDeliveryDetail } from "../../presenters/delivery.js";

export const DeliveryStatusSchema = OneOf(["pending", "delivering", "succeeded", "failed", "dropped"]);

/** The delivery log's filters besides `status`, shared by the operator's and the page's log. */
export const DeliveryLogQuery = {
  attention: Type.Optional(
    Type.Boolean({
      description: "only deliveries that need attention: failed, or retrying after a failed attempt",
    }),
  ),
  include_typing: Type.Optional(Type.Boolean({ description: "typing events are left out unless true" })),
};

/** The operator's delivery log: every delivery with its attempts, retry one, recover many. */
export function registerDeliveryRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const directory = auth.require("directory");
  const tags = ["platform: deliveries"];

  api.get(
    "/platform/v1/apps/:app_id/deliveries",
    {
      onRequest: directory,
      schema: {
        tags,
        params: Type.Object({ app_id: Uid() }),
        querystring: Type.Object({
          status: Type.Optional(DeliveryStatusSchema),
          event: Type.Optional(Type.String({ maxLength: 64 })),
          since: Type.Optional(Type.String({ maxLength: 64 })),
          ...DeliveryLogQuery,
          ...PageQuery,
        }),
      },
    },
    async (request) => {
      await findApp(domain, request.params.app_id);
      const { rows, parties, total } = await listDeliveries(domain.db, {
        appId: request.params.app_id,
        status: request.query.status,
        attention: request.query.attention,
        includeTyping: request.query.include_typing,
        event: request.query.event,
        since: parseInputTime(request.query.since, "since") ?? undefined,
        page: request.query.page ?? 1,
        perPage: request.query.per_page ?? 25,
      });
      return ok({
        deliveries: presentDeliveries(rows, parties),
        pagination: pagination(request.query, total),
      });
    },
  );

  api.get(
    "/platform/v1/deliveries/:uid",
    { onRequest: directory, schema: { tags, params: Type.Object({ uid: Uid() }) } },
    async (request) => {
      return ok({ delivery: presentDeliveryDetail(await findDelivery(domain.db, request.params.uid)) });
    },
  );

  api.post(
    "/platform/v1/deliveries/:uid/retry",
    { onRequest: directory, schema: { tags, params: Type.Object({ uid: Uid() }) } },
    async (request) => {
      return ok({ delivery: presentDeliveryDetail(await retryDelivery(domain, request.params.uid)) });
    },
  );

  api.post(
    "/platform/v1/apps/:app_id/deliveries/recover",
    {
      onRequest: directory,
      schema: {
        tags,
        params: Type.Object({ app_id: Uid() }),
        body: Type.Object({ since: Type.String({ minLength: 1, maxLength: 64 }) }),
      },
    },
    async (request) => {
      await findApp(domain, request.params.app_id);
      const since = parseInputTime(request.body.since, "since");
      if (!since) throw missingField("since");
      return ok({ recovered: await recoverDeliveries(domain, request.params.app_id, since) });
    },
  );

  api.put(
    "/platform/v1/channels/:uid",
    {
      onRequest: directory,
      schema: {
        tags: ["platform: channels"],
        params: Type.Object({ uid: Uid() }),
        body: Type.Object({
          status: OneOf(["active", "inactive", "blocked", "deleted"]),
        }),
      },
    },
    async (request) => {
      const { channel, appCodeName } = await changeChannelStatusAsBusiness(
        domain,
        null,
        request.params.uid,
        request.body.status,
      );
      return ok({ channel: presentChannel(channel, appCodeName) });
    },
  );
}
