import { channelStatusCall } from "../events/app-webhooks.js";
import type { WriteContext } from "../events/writer.js";
import type { ChannelRow, ChannelStatus } from "../storage/schema.js";

/** Every channel status change goes through here, so the app hears of each one (SPEC §7). */
export async function setChannelStatus(
  context: WriteContext,
  channel: ChannelRow,
  status: ChannelStatus,
  appCodeName: string,
): Promise<ChannelRow> {
  // When another process changed the status first, its change stands and no second announcement goes out.
  return (
    (await setChannelStatusIfUnchanged(context, channel, status, appCodeName)) ??
    context.db.selectFrom("channels").selectAll().where("uid", "=", channel.uid).executeTakeFirstOrThrow()
  );
}

/**
 * Compare-and-set on the status `channel` was read with: the updated row, or null when the status
 * is no longer that one (the caller decides again on the row as it is now).
 */
export async function setChannelStatusIfUnchanged(
  context: WriteContext,
  channel: ChannelRow,
  status: ChannelStatus,
  appCodeName: string,
): Promise<ChannelRow | null> {
  if (channel.status === status) return channel;
  const updated: ChannelRow = { ...channel, status, updated_at: context.now };
  const result = await context.db
    .updateTable("channels")
    .set({ status, updated_at: context.now })
    .where("uid", "=", channel.uid)
    .where("status", "=", channel.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return null;
  // `pending` is a step on the way to validation, not news for the app: it hears the outcome.
  context.emit({
    type: "channel.updated",
    channel: updated,
    appCodeName,
    webhook: status !== "pending" ? channelStatusCall(updated, updated.app_id) : undefined,
  });
  return updated;
}
