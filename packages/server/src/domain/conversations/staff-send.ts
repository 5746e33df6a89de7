import type { Attachment } from "@tandem/contract";
import type { PrincipalOf } from "../../auth/principal.js";
import { notFound } from "../../errors.js";
import { staffTypingCall } from "../../events/app-webhooks.js";
import { findClient } from "../clients.js";
import type { Domain } from "../context.js";
import type { TypingThrottle } from "../typing.js";
import { choicesFor } from "./channel-choices.js";
import { cannotReach, sessionToReach, writeOutgoing } from "./outgoing.js";
import type { ThreadEntry } from "./thread-entries.js";

/** A staff message: its text (a template is filled by the composer's preview first), its attachments. */
export interface StaffMessageInput {
  channel_uid: string;
  message: string;
  attachments?: Attachment[] | undefined;
}

/** Staff send through a chosen channel: a pending message, which its app is asked to send on. */
export async function sendAsStaff(
  domain: Domain,
  staff: PrincipalOf<"staff">,
  throttle: TypingThrottle,
  clientUid: string,
  input: StaffMessageInput,
): Promise<ThreadEntry> {
  const client = await findClient(domain.db, staff.businessUid, clientUid);
  const options = await choicesFor(domain.db, staff.businessUid, client);
  const choice = options.find((option) => option.channel.uid === input.channel_uid);
  if (!choice) throw notFound("channel", "channel_uid");
  if (choice.reason) throw cannotReach(choice.reason);
  const sessionUid = choice.sessionUid;
  const stopTyping =
    sessionUid !== null && throttle.wasTyping(sessionUid) && throttle.admit(sessionUid, false);
  return domain.writer.run(async (context) => {
    const reached = await sessionToReach(context, choice, client);
    if (stopTyping) {
      context.emit({
        type: "typing",
        businessUid: staff.businessUid,
        clientUid,
        sessionUid: reached.session.uid,
        channelUid: reached.session.channel_uid,
        typing: false,
        by: { kind: "staff", staffUid: staff.staffUid, displayName: staff.displayName },
        webhook: staffTypingCall(reached.session, staff.businessUid, reached.appId, false),
      });
    }
    const message = await writeOutgoing(context, reached, client, choice.channel, {
      body: input.message,
      attachments: input.attachments ?? [],
      sender: { kind: "staff", staff_uid: staff.staffUid, display_name: staff.displayName },
    });
    return { message, channel: choice.channel };
  });
}
