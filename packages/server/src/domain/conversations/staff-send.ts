import type { Attachment } from "@tandem/contract";
import type { PrincipalOf } from "../../auth/principal.js";
import { newUid } from "../../clock.js";
import { AppError, notFound } from "../../errors.js";
import { messageToSendCall, staffTypingCall } from "../../events/app-webhooks.js";
import { prepare } from "../../storage/prepared.js";
import type { Domain } from "../context.js";
import { touchConversation } from "../conversation-activity.js";
import { storeMessage } from "../message-rows.js";
import type { TypingThrottle } from "../typing.js";
import { channelChoices } from "./channel-choices.js";
import type { ThreadEntry } from "./thread-entries.js";

const sessionToSendThrough = prepare<{ sessionUid: string }>()((db, value) =>
  db
    .selectFrom("sessions")
    .innerJoin("channels", "channels.uid", "sessions.channel_uid")
    .select([
      "sessions.uid",
      "sessions.external_uid",
      "sessions.matter_uid",
      "sessions.channel_uid",
      "channels.app_id",
    ])
    .where("sessions.uid", "=", value("sessionUid")),
);

/** Staff send through a chosen channel: a pending message, which its app is asked to send on. */
export async function sendAsStaff(
  domain: Domain,
  staff: PrincipalOf<"staff">,
  throttle: TypingThrottle,
  clientUid: string,
  input: { channel_uid: string; message: string; attachments?: Attachment[] },
): Promise<ThreadEntry> {
  const options = await channelChoices(domain, staff, clientUid);
  const choice = options.find((option) => option.channel.uid === input.channel_uid);
  if (!choice) throw notFound("channel", "channel_uid");
  if (choice.reason || !choice.sessionUid) {
    throw new AppError({
      code: "invalid",
      field: "channel_uid",
      message: `the channel cannot reach this client now (${choice.reason})`,
    });
  }
  const sessionUid = choice.sessionUid;
  const stopTyping = throttle.wasTyping(sessionUid) && throttle.admit(sessionUid, false);
  return domain.writer.run(async (context) => {
    const session = await sessionToSendThrough.first(context.db, { sessionUid });
    if (!session) throw notFound("session", "channel_uid");
    if (stopTyping) {
      context.emit({
        type: "typing",
        businessUid: staff.businessUid,
        clientUid,
        sessionUid,
        channelUid: session.channel_uid,
        typing: false,
        by: { kind: "staff", staffUid: staff.staffUid, displayName: staff.displayName },
        webhook: staffTypingCall(session, staff.businessUid, session.app_id, false),
      });
    }
    const uid = newUid();
    const message = await storeMessage(context.db, {
      uid,
      business_uid: staff.businessUid,
      channel_uid: session.channel_uid,
      session_uid: session.uid,
      client_uid: clientUid,
      matter_uid: session.matter_uid,
      message_uid: uid,
      direction: "business_to_client" as const,
      body: input.message,
      attachments: JSON.stringify(input.attachments ?? []),
      status: "pending" as const,
      error: null,
      sender: JSON.stringify({ kind: "staff", staff_uid: staff.staffUid, display_name: staff.displayName }),
      created_at: context.now,
      updated_at: context.now,
    });
    context.emit({
      type: "message.created",
      message,
      channelName: choice.channel.display_name,
      appCodeName: choice.channel.app_code_name,
      webhook: messageToSendCall(message, session.app_id, session.external_uid),
    });
    touchConversation(context, clientUid, session.matter_uid);
    return { message, channel: choice.channel };
  });
}
