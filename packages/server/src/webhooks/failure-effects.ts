import type { WriteContext } from "../events/writer.js";
import type { DeliveryRow } from "../storage/schema.js";

/**
 * A staff message whose delivery to the app failed for good shows as failed on the page,
 * retryable, so nobody believes it went out.
 */
export async function onDeliveryFailed(
  context: WriteContext,
  delivery: DeliveryRow,
  reason: string,
): Promise<void> {
  if (delivery.event !== "message.created") return;
  const { message_uid: messageUid } = JSON.parse(delivery.body) as { message_uid?: string };
  if (!messageUid) return;
  const message = await context.db
    .selectFrom("messages")
    .selectAll()
    .where("uid", "=", messageUid)
    .executeTakeFirst();
  if (!message || message.status !== "pending") return;
  const error = JSON.stringify({
    code: "delivery_failed",
    message: `the app could not be reached: ${reason}`,
    retryable: true,
  });
  const updated = { ...message, status: "error" as const, error, updated_at: context.now };
  await context.db
    .updateTable("messages")
    .set({ status: "error", error, updated_at: context.now })
    .where("uid", "=", message.uid)
    .execute();
  const channel = await context.db
    .selectFrom("channels")
    .innerJoin("apps", "apps.id", "channels.app_id")
    .innerJoin("sessions", "sessions.channel_uid", "channels.uid")
    .select(["channels.display_name", "apps.code_name", "sessions.external_uid"])
    .where("channels.uid", "=", message.channel_uid)
    .where("sessions.uid", "=", message.session_uid)
    .executeTakeFirst();
  context.emit({
    type: "message.updated",
    message: updated,
    appId: delivery.app_id,
    externalUid: channel?.external_uid ?? "",
    channelName: channel?.display_name ?? "",
    appCodeName: channel?.code_name ?? "",
    notifyApp: false,
  });
}
