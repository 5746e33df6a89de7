import { deliveries, platform } from "@tandem/contract";
import { findApp } from "../../domain/apps.js";
import { changeChannelStatusAsBusiness } from "../../domain/channels.js";
import { findDelivery, listDeliveries, recoverDeliveries, retryDelivery } from "../../domain/deliveries.js";
import { parseInputTime } from "../../domain/message-time.js";
import { missingField } from "../../errors.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { pagination } from "../../http/schemas.js";
import { presentChannel } from "../../presenters/channel.js";
import { presentDeliveries, presentDeliveryDetail } from "../../presenters/delivery.js";

/** The operator's delivery log: every delivery with its attempts, retry one, recover many. */
export function registerDeliveryRoutes(api: Api, { domain, auth }: RouteDeps): void {
  const directory = auth.require("directory");

  api.get(
    deliveries.listAppDeliveries.path,
    { onRequest: directory, schema: routeSchema(deliveries.listAppDeliveries) },
    async (request) => {
      await findApp(domain, request.params.app_id);
      const { rows, parties, total } = await listDeliveries(domain, {
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
        deliveries: presentDeliveries(rows, parties, domain.webhookCatalog),
        pagination: pagination(request.query, total),
      });
    },
  );

  api.get(
    deliveries.getDelivery.path,
    { onRequest: directory, schema: routeSchema(deliveries.getDelivery) },
    async (request) => {
      return ok({
        delivery: presentDeliveryDetail(
          await findDelivery(domain, request.params.uid),
          domain.webhookCatalog,
        ),
      });
    },
  );

  api.post(
    deliveries.retryDelivery.path,
    { onRequest: directory, schema: routeSchema(deliveries.retryDelivery) },
    async (request) => {
      return ok({
        delivery: presentDeliveryDetail(
          await retryDelivery(domain, request.params.uid),
          domain.webhookCatalog,
        ),
      });
    },
  );

  api.post(
    deliveries.recoverDeliveries.path,
    { onRequest: directory, schema: routeSchema(deliveries.recoverDeliveries) },
    async (request) => {
      await findApp(domain, request.params.app_id);
      const since = parseInputTime(request.body.since, "since");
      if (!since) throw missingField("since");
      return ok({ recovered: await recoverDeliveries(domain, request.params.app_id, since) });
    },
  );

  api.put(
    platform.setChannelStatusAsDirectory.path,
    { onRequest: directory, schema: routeSchema(platform.setChannelStatusAsDirectory) },
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
