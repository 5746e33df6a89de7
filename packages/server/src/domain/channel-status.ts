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
  if (channel.status === status) return channel;
  const updated: ChannelRow = { ...channel, status, updated_at: context.now };
  // Compare-and-set on the status we read: when another process changed it first, its change stands
  // and no second announcement goes out.
  const result = await context.db
    .updateTable("channels")
    .set({ status, updated_at: context.now })
    .where("uid", "=", channel.uid)
    .where("status", "=", channel.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    return context.db
      .selectFrom("channels")
      .selectAll()
      .where("uid", "=", channel.uid)
      .executeTakeFirstOrThrow();
  }
  // `pending` is a step on the way to validation, not news for the app: it hears the outcome.
  context.emit({
    type: "channel.updated",
    channel: updated,
    appCodeName,
    webhook: status !== "pending" ? channelStatusCall(updated, updated.app_id) : undefined,
  });
  return updated;
}
