import { AppError, notFound } from "../errors.js";
import type { WriteContext } from "../events/writer.js";
import type { AppRow } from "../storage/schema.js";
import { isInstalled } from "./app-scope.js";
import { findBusiness } from "./businesses.js";
import { setChannelStatus } from "./channel-status.js";
import type { Domain } from "./context.js";

/** Installs inside an ongoing write (OAuth consent uses this too); true when it was new. */
export async function installIn(context: WriteContext, appId: string, businessUid: string): Promise<boolean> {
  if (await isInstalled(context, appId, businessUid)) return false;
  await context.db
    .insertInto("installations")
    .values({ app_id: appId, business_uid: businessUid, created_at: context.now })
    .execute();
  return true;
}

async function appByCodeName(domain: Domain, codeName: string): Promise<AppRow> {
  const app = await domain.apps.findByCodeName(codeName);
  if (!app) throw notFound("app", "app_code_name");
  return app;
}

export async function install(domain: Domain, businessUid: string, codeName: string) {
  await findBusiness(domain, businessUid);
  const app = await appByCodeName(domain, codeName);
  const created = await domain.writer.run((context) => installIn(context, app.id, businessUid));
  return { app, created };
}

/** Uninstalling turns the app's channels at that business `inactive`, and tells the app. */
export async function uninstall(domain: Domain, businessUid: string, codeName: string): Promise<void> {
  await findBusiness(domain, businessUid);
  const app = await appByCodeName(domain, codeName);
  if (!(await isInstalled(domain, app.id, businessUid))) {
    throw new AppError({
      code: "not_found",
      field: "app_code_name",
      message: "the app is not installed on this business",
    });
  }
  await domain.writer.run(async (context) => {
    await context.db
      .deleteFrom("installations")
      .where("app_id", "=", app.id)
      .where("business_uid", "=", businessUid)
      .execute();
    const channels = await context.db
      .selectFrom("channels")
      .selectAll()
      .where("app_id", "=", app.id)
      .where("business_uid", "=", businessUid)
      .where("status", "in", ["pending", "active"])
      .execute();
    for (const channel of channels) await setChannelStatus(context, channel, "inactive", app.code_name);
  });
}

export type InstallationRow = Awaited<ReturnType<typeof listInstallations>>[number];

export async function listInstallations(domain: Domain, businessUid: string) {
  await findBusiness(domain, businessUid);
  return domain.db
    .selectFrom("installations")
    .innerJoin("apps", "apps.id", "installations.app_id")
    .select([
      "apps.id as app_id",
      "apps.code_name",
      "apps.name",
      "apps.app_type",
      "apps.unreachable",
      "installations.created_at",
    ])
    .where("installations.business_uid", "=", businessUid)
    .where("apps.deleted_at", "is", null)
    .orderBy("installations.created_at")
    .execute();
}
