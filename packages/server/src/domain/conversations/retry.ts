import type { MessageError } from "@tandem/contract";
import type { PrincipalOf } from "../../auth/principal.js";
import { AppError, notFound } from "../../errors.js";
import { contactOf, messageToSendCall } from "../../events/app-webhooks.js";
import type { MessageRow } from "../../storage/schema.js";
import { findClient } from "../clients.js";
import type { Domain } from "../context.js";
import { badgeOf, channelBadges, type ThreadEntry } from "./thread-entries.js";

/** A failed message the app called retryable goes out again, as a new delivery. */
export async function retryMessage(
  domain: Domain,
  staff: PrincipalOf<"staff">,
  messageUid: string,
): Promise<ThreadEntry> {
  const message = await domain.db
    .selectFrom("messages")
    .selectAll()
    .where("uid", "=", messageUid)
    .where("business_uid", "=", staff.businessUid)
    .executeTakeFirst();
  if (!message) throw notFound("message", "uid");
  const error = message.error ? (JSON.parse(message.error) as MessageError) : null;
  if (message.direction !== "business_to_client" || message.status !== "error" || !error?.retryable) {
    throw new AppError({
      code: "invalid",
      field: "uid",
      message: "only a failed message that the app marked retryable can be retried",
    });
  }
  const channel = badgeOf(await channelBadges(domain.db, [message.channel_uid]), message.channel_uid);
  return domain.writer.run(async (context) => {
    const session = await context.db
      .selectFrom("sessions")
      .innerJoin("channels", "channels.uid", "sessions.channel_uid")
      .select(["sessions.external_uid", "sessions.awaiting_app", "channels.app_id"])
      .where("sessions.uid", "=", message.session_uid)
      .executeTakeFirstOrThrow();
    const result = await context.db
      .updateTable("messages")
      .set({ status: "pending", error: null, updated_at: context.now })
      .where("uid", "=", message.uid)
      .where("status", "=", "error")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new AppError({ code: "conflict", message: "the message is being retried already" });
    // The app still has no id of the client: it is sent their phone and email again.
    const contact = session.awaiting_app
      ? contactOf(await findClient(context.db, staff.businessUid, message.client_uid))
      : undefined;
    const next: MessageRow = { ...message, status: "pending", error: null, updated_at: context.now };
    context.emit({
      type: "message.updated",
      message: next,
      channelName: channel.display_name,
      appCodeName: channel.app_code_name,
      // A retry by staff: the app gets the message again, as a new delivery.
      webhook: messageToSendCall(next, session.app_id, session.external_uid, contact),
    });
    return { message: next, channel };
  });
}
