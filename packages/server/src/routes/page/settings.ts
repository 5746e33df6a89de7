import { deliveries, page } from "@tandem/contract";
import { installedAppEndpoint } from "../../domain/app-endpoint.js";
import { businessChannels, changeChannelStatusAsBusiness } from "../../domain/channels.js";
import { findDelivery, listDeliveries, retryDelivery } from "../../domain/deliveries.js";
import { listInstallations } from "../../domain/installations.js";
import { businessSubscriptions } from "../../domain/integrations/subscriptions.js";
import type { Api, RouteDeps } from "../../http/api.js";
import { principalOf } from "../../http/authenticate.js";
import { routeSchema } from "../../http/operation-schema.js";
import { ok } from "../../http/reply.js";
import { pagination } from "../../http/schemas.js";
import { presentChannel } from "../../presenters/channel.js";
import { presentDeliveries, presentDeliveryDetail } from "../../presenters/delivery.js";
import { presentInstalledApp } from "../../presenters/installation.js";
import { presentSubscription } from "../../presenters/subscription.js";
import { adminOf } from "./admin.js";

/** Settings: installed apps (and their checks), channels, and the delivery log; changes are for admins only. */
export function registerSettingsRoutes(api: Api, { domain, auth, appChecks }: RouteDeps): void {
  const guard = auth.require("staff");
  const admin = adminOf;

  api.get(
    page.listPageSubscriptions.path,
    { onRequest: guard, schema: routeSchema(page.listPageSubscriptions) },
    async (request) => {
      const staff = admin(request);
      const rows = await businessSubscriptions(domain, staff.businessUid);
      return ok({ subscriptions: rows.map(presentSubscription) });
    },
  );

  api.get(
    page.listInstalledApps.path,
    { onRequest: guard, schema: routeSchema(page.listInstalledApps) },
    async (request) => {
      const staff = principalOf(request, "staff");
      const rows = await listInstallations(domain, staff.businessUid);
      return ok({ apps: rows.map(presentInstalledApp) });
    },
  );

  api.post(
    page.checkInstalledApp.path,
    { onRequest: guard, schema: routeSchema(page.checkInstalledApp) },
    async (request) => {
      const staff = admin(request);
      const endpoint = await installedAppEndpoint(domain, staff.businessUid, request.params.app_id);
      return ok({ report: await appChecks.check(endpoint) });
    },
  );

  api.get(
    page.listBusinessChannels.path,
    { onRequest: guard, schema: routeSchema(page.listBusinessChannels) },
    async (request) => {
      const rows = await businessChannels(domain, principalOf(request, "staff").businessUid);
      return ok({ channels: rows.map((row) => presentChannel(row, row.code_name)) });
    },
  );

  api.put(
    page.setChannelStatus.path,
    { onRequest: guard, schema: routeSchema(page.setChannelStatus) },
    async (request) => {
      const staff = admin(request);
      const { channel, appCodeName } = await changeChannelStatusAsBusiness(
        domain,
        staff.businessUid,
        request.params.uid,
        request.body.status,
      );
      return ok({ channel: presentChannel(channel, appCodeName) });
    },
  );

  api.get(
    deliveries.listBusinessDeliveries.path,
    { onRequest: guard, schema: routeSchema(deliveries.listBusinessDeliveries) },
    async (request) => {
      const staff = principalOf(request, "staff");
      const { rows, parties, total } = await listDeliveries(domain, {
        businessUid: staff.businessUid,
        status: request.query.status,
        attention: request.query.attention,
        includeTyping: request.query.include_typing,
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
    deliveries.getBusinessDelivery.path,
    { onRequest: guard, schema: routeSchema(deliveries.getBusinessDelivery) },
    async (request) => {
      const staff = principalOf(request, "staff");
      return ok({
        delivery: presentDeliveryDetail(
          await findDelivery(domain, request.params.uid, staff.businessUid),
          domain.webhookCatalog,
        ),
      });
    },
  );

  api.post(
    deliveries.retryBusinessDelivery.path,
    { onRequest: guard, schema: routeSchema(deliveries.retryBusinessDelivery) },
    async (request) => {
      const staff = admin(request);
      return ok({
        delivery: presentDeliveryDetail(
          await retryDelivery(domain, request.params.uid, staff.businessUid),
          domain.webhookCatalog,
        ),
      });
    },
  );
}
