/*
 * What a delivery's fate does to the staff message it carries, as domain commands: the webhook
 * worker runs them in the transaction that records the attempt, and writes no message itself.
 */
import type { WriteContext } from "../events/writer.js";
import type { DeliveryRow, MessageRow } from "../storage/schema.js";

/** The `error.code` a pending staff message carries while its delivery to the app is being retried. */
export const DELIVERY_RETRYING = "delivery_retrying";

/**
 * The staff message a delivery carries for the app to send, while it is still pending: whatever its
 * kind, a body naming a Tandem message by `message_uid` carries it.
 */
async function pendingMessageOf(context: WriteContext, delivery: DeliveryRow): Promise<MessageRow | null> {
  const { message_uid: messageUid } = JSON.parse(delivery.body) as { message_uid?: unknown };
  if (typeof messageUid !== "string") return null;
  const message = await context.db
    .selectFrom("messages")
    .selectAll()
    .where("uid", "=", messageUid)
    .executeTakeFirst();
  return message?.status === "pending" && message.direction === "business_to_client" ? message : null;
}

/** Stores a message's new status and error and tells the page (not the app, which has not got it). */
async function showOnPage(
  context: WriteContext,
  message: MessageRow,
  change: Pick<MessageRow, "status" | "error">,
): Promise<void> {
  const updated = { ...message, ...change, updated_at: context.now };
  await context.db
    .updateTable("messages")
    .set({ ...change, updated_at: context.now })
    .where("uid", "=", message.uid)
    .execute();
  const channel = await context.db
    .selectFrom("channels")
    .innerJoin("apps", "apps.id", "channels.app_id")
    .select(["channels.display_name", "apps.code_name"])
    .where("channels.uid", "=", message.channel_uid)
    .executeTakeFirst();
  context.emit({
    type: "message.updated",
    message: updated,
    channelName: channel?.display_name ?? "",
    appCodeName: channel?.code_name ?? "",
  });
}

/**
 * A staff message whose delivery to the app failed for good shows as failed on the page,
 * retryable, so nobody believes it went out.
 */
export async function onDeliveryFailed(
  context: WriteContext,
  delivery: DeliveryRow,
  reason: string,
): Promise<void> {
  const message = await pendingMessageOf(context, delivery);
  if (!message) return;
  const error = JSON.stringify({
    code: "delivery_failed",
    message: `the app could not be reached: ${reason}`,
    retryable: true,
  });
  await showOnPage(context, message, { status: "error", error });
}

/**
 * A staff message whose delivery failed once and will be tried again stays pending, marked, so the
 * page shows it is not delivered yet rather than a clock that never ends.
 */
export async function onDeliveryRetrying(
  context: WriteContext,
  delivery: DeliveryRow,
  outcome: string,
): Promise<void> {
  const message = await pendingMessageOf(context, delivery);
  if (!message) return;
  const error = JSON.stringify({
    code: DELIVERY_RETRYING,
    message: `not delivered yet, retrying: ${outcome}`,
    retryable: false,
  });
  if (message.error === error) return;
  await showOnPage(context, message, { status: "pending", error });
}

/** The app got the message after failed attempts: the mark goes, and the ticks follow the app's reports. */
export async function onDeliveryRecovered(context: WriteContext, delivery: DeliveryRow): Promise<void> {
  if (delivery.attempt_count === 0) return;
  const message = await pendingMessageOf(context, delivery);
  if (!message?.error) return;
  await showOnPage(context, message, { status: "pending", error: null });
}
