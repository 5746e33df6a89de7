import { newUid } from "../clock.js";
import { AppError, conflict, notFound } from "../errors.js";
import { channelStatusCall } from "../events/app-webhooks.js";
import type { WriteContext } from "../events/writer.js";
import type { AppRow, ChannelRow, ChannelStatus } from "../storage/schema.js";
import { type AppScope, businessForApp, channelForApp, isInstalled, type ListScope } from "./app-scope.js";
import { isCommunicationApp } from "./apps.js";
import { setChannelStatus, setChannelStatusIfUnchanged } from "./channel-status.js";
import type { Domain } from "./context.js";

export const METADATA_MAX_BYTES = 4096;

export interface ChannelInput {
  business_uid?: string;
  type: "transactional" | "promotional";
  display_name?: string;
  metadata?: Record<string, unknown>;
}

export interface ChannelChange {
  status?: "active" | "inactive" | "deleted";
  display_name?: string;
  metadata?: Record<string, unknown>;
  app_uid?: string;
}

function metadataText(metadata: Record<string, unknown> | undefined): string | undefined {
  if (metadata === undefined) return undefined;
  const text = JSON.stringify(metadata);
  if (Buffer.byteLength(text, "utf8") > METADATA_MAX_BYTES) {
    throw new AppError({
      code: "too_long",
      field: "metadata",
      message: `metadata must be at most ${METADATA_MAX_BYTES} bytes as UTF-8 JSON`,
    });
  }
  return text;
}

export async function createChannel(domain: Domain, scope: AppScope, input: ChannelInput) {
  const metadata = metadataText(input.metadata) ?? "{}";
  // businessForApp also checks the app is installed there.
  const businessUid = await businessForApp(domain, scope, input.business_uid);
  const app = await domain.apps.find(scope.appId);
  if (!app) throw notFound("app");
  return domain.writer.run(async (context) => {
    const channel: ChannelRow = {
      uid: newUid(),
      business_uid: businessUid,
      app_id: app.id,
      type: input.type,
      display_name: input.display_name?.trim() || app.name,
      status: "pending",
      metadata,
      created_at: context.now,
      updated_at: context.now,
    };
    await context.db.insertInto("channels").values(channel).execute();
    context.emit({
      type: "channel.updated",
      channel,
      appCodeName: app.code_name,
    });
    return { channel, appCodeName: app.code_name };
  });
}

/** The channels a list reaches; whether a named business is in reach was settled by its scope. */
export async function listChannels(
  domain: Domain,
  scope: ListScope,
  filter: { status?: ChannelStatus | undefined },
) {
  let query = domain.db.selectFrom("channels").selectAll();
  if (scope.appId !== null) query = query.where("app_id", "=", scope.appId);
  else {
    // The directory acts as the business's installed apps, as it does on a channel it names.
    query = query.where("app_id", "in", (eb) =>
      eb.selectFrom("installations").select("app_id").where("business_uid", "=", scope.businessUid),
    );
  }
  if (scope.businessUid !== null) query = query.where("business_uid", "=", scope.businessUid);
  else {
    query = query.where("business_uid", "in", (eb) =>
      eb.selectFrom("installations").select("business_uid").where("app_id", "=", scope.appId),
    );
  }
  if (filter.status) query = query.where("status", "=", filter.status);
  return query.orderBy("created_at").orderBy("uid").execute();
}

/** The business's channels for its settings page, each with its app's code name; deleted ones left out. */
export function businessChannels(domain: Domain, businessUid: string) {
  return domain.db
    .selectFrom("channels")
    .innerJoin("apps", "apps.id", "channels.app_id")
    .selectAll("channels")
    .select("apps.code_name")
    .where("channels.business_uid", "=", businessUid)
    .where("channels.status", "!=", "deleted")
    .orderBy("channels.created_at")
    .execute();
}

/**
 * Status, name, metadata, or a move to another app: the owning app's `PUT /channels/{uid}`. The
 * channel is read and the change decided inside the write, as a business's status change is: a
 * validation, a block or a deletion committed since the request came in is seen (read before the
 * write, the app's change was dropped while its answer said 200). When another process changes the
 * status between the read and the compare-and-set, the change is decided again on what it wrote.
 */
export async function changeChannelByApp(
  domain: Domain,
  scope: AppScope,
  channelUid: string,
  change: ChannelChange,
) {
  const metadata = metadataText(change.metadata);
  // A channel never changes business, so where it may move is looked up once, before the write.
  const seen = await channelForApp(domain, scope, channelUid, "uid");
  const destination = change.app_uid ? await moveDestination(domain, seen, change.app_uid) : null;
  // Read outside the write: the directory's reads would wait for the write's own connection on
  // SQLite. The channel stays the calling app's inside it, or the read there finds no channel.
  const ownerCodeName = destination?.code_name ?? (await domain.apps.codeName(seen.app_id));
  return domain.writer.run(async (context) => {
    for (let tries = 0; tries < STATUS_CHANGE_TRIES; tries++) {
      const channel = await channelForApp(context, scope, channelUid, "uid");
      refuseUnchangeable(channel, change);
      const changed = await applyAppChange(context, channel, change, metadata, destination, ownerCodeName);
      if (changed) return { channel: changed, appCodeName: ownerCodeName };
    }
    throw conflict("the channel's status kept changing while it was being set; try again", "status");
  });
}

function refuseUnchangeable(channel: ChannelRow, change: ChannelChange): void {
  if (channel.status === "deleted") {
    throw new AppError({ code: "invalid", field: "status", message: "the channel is deleted" });
  }
  if (channel.status === "blocked" && change.status) {
    throw new AppError({
      code: "forbidden",
      field: "status",
      message: "the channel is blocked by the operator",
    });
  }
}

/** Writes the app's change on the channel as read; null when its status changed under the write. */
async function applyAppChange(
  context: WriteContext,
  channel: ChannelRow,
  change: ChannelChange,
  metadata: string | undefined,
  destination: AppRow | null,
  ownerCodeName: string,
): Promise<ChannelRow | null> {
  let current: ChannelRow = { ...channel };
  const details: Partial<ChannelRow> = {};
  if (change.display_name !== undefined)
    details.display_name = change.display_name.trim() || current.display_name;
  if (metadata !== undefined) details.metadata = metadata;
  if (destination) details.app_id = destination.id;
  if (Object.keys(details).length > 0) {
    current = { ...current, ...details, updated_at: context.now };
    await context.db
      .updateTable("channels")
      .set({ ...details, updated_at: context.now })
      .where("uid", "=", channel.uid)
      .execute();
  }
  if (change.status && !(change.status === "active" && current.status === "active")) {
    // Re-activation goes through validation again: pending now, the outcome by webhook.
    const target = change.status === "active" ? "pending" : change.status;
    const updated = await setChannelStatusIfUnchanged(context, current, target, ownerCodeName);
    if (!updated) return null;
    current = updated;
  }
  if (destination) {
    // The destination hears of its new channel with the channel's status.
    context.emit({
      type: "channel.updated",
      channel: current,
      appCodeName: destination.code_name,
      webhook: channelStatusCall(current, destination.id),
    });
  } else if (Object.keys(details).length > 0 && !change.status) {
    context.emit({ type: "channel.updated", channel: current, appCodeName: ownerCodeName });
  }
  return current;
}

async function moveDestination(domain: Domain, channel: ChannelRow, codeName: string) {
  const destination = await domain.apps.findByCodeName(codeName);
  if (!destination || !isCommunicationApp(JSON.parse(destination.app_type) as string[])) {
    throw new AppError({
      code: "not_found",
      field: "app_uid",
      message: "no communication app has this app_code_name",
    });
  }
  if (!(await isInstalled(domain, destination.id, channel.business_uid))) {
    throw new AppError({
      code: "invalid",
      field: "app_uid",
      message: "the destination app is not installed on this business",
    });
  }
  return destination;
}

/** How often a status change decides again when another process changed the status under it. */
const STATUS_CHANGE_TRIES = 3;

/**
 * A business admin (on the page) or the directory changes a channel's status. The channel is read
 * and the change decided inside the write, so a validation committed since the request came in is
 * seen and the change applies on top of it (read before the write, a `blocked` was dropped while
 * the answer said `active`). Another process can still change the status between the read and the
 * compare-and-set; the change is then decided again on what it wrote.
 */
export async function changeChannelStatusAsBusiness(
  domain: Domain,
  businessUid: string | null,
  channelUid: string,
  status: ChannelStatus,
) {
  return domain.writer.run(async (context) => {
    for (let tries = 0; tries < STATUS_CHANGE_TRIES; tries++) {
      const { code_name: codeName, ...channel } = await channelToChange(context, businessUid, channelUid);
      const target = status === "active" && channel.status !== "active" ? "pending" : status;
      const updated = await setChannelStatusIfUnchanged(context, channel, target, codeName);
      if (updated) return { channel: updated, appCodeName: codeName };
    }
    throw conflict("the channel's status kept changing while it was being set; try again", "status");
  });
}

/** The channel with its app's code name, if the business (or, without one, the directory) may change its status. */
async function channelToChange(context: WriteContext, businessUid: string | null, channelUid: string) {
  let query = context.db
    .selectFrom("channels")
    .innerJoin("apps", "apps.id", "channels.app_id")
    .selectAll("channels")
    .select("apps.code_name")
    .where("channels.uid", "=", channelUid);
  if (businessUid) query = query.where("channels.business_uid", "=", businessUid);
  const channel = await query.executeTakeFirst();
  if (!channel) throw notFound("channel", "uid");
  if (channel.status === "deleted")
    throw new AppError({ code: "invalid", field: "status", message: "the channel is deleted" });
  if (channel.status === "blocked" && businessUid) {
    throw new AppError({
      code: "forbidden",
      field: "status",
      message: "the channel is blocked by the operator",
    });
  }
  return channel;
}

/** Validation (SPEC §7): business exists, the app is installed there and has an api_uri. */
export async function validatePendingChannel(domain: Domain, channelUid: string): Promise<void> {
  await domain.writer.run(async (context) => {
    const channel = await context.db
      .selectFrom("channels")
      .selectAll()
      .where("uid", "=", channelUid)
      .executeTakeFirst();
    if (!channel || channel.status !== "pending") return;
    const app = await context.db
      .selectFrom("apps")
      .selectAll()
      .where("id", "=", channel.app_id)
      .executeTakeFirst();
    const business = await context.db
      .selectFrom("businesses")
      .select("uid")
      .where("uid", "=", channel.business_uid)
      .executeTakeFirst();
    const installed = await context.db
      .selectFrom("installations")
      .select("app_id")
      .where("app_id", "=", channel.app_id)
      .where("business_uid", "=", channel.business_uid)
      .executeTakeFirst();
    const valid = Boolean(app && !app.deleted_at && app.api_uri && business && installed);
    await setChannelStatus(context, channel, valid ? "active" : "error", app?.code_name ?? "unknown");
  });
}
