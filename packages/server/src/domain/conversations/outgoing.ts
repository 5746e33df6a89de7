import type { Attachment, ChannelBadge, MessageSender } from "@tandem/contract";
import { newUid } from "../../clock.js";
import { AppError } from "../../errors.js";
import { contactOf, messageToSendCall } from "../../events/app-webhooks.js";
import type { WriteContext } from "../../events/writer.js";
import { prepare } from "../../storage/prepared.js";
import type { ClientRow, MessageRow, SessionRow } from "../../storage/schema.js";
import { latestMatter } from "../clients.js";
import { touchConversation } from "../conversation-activity.js";
import { storeMessage } from "../message-rows.js";
import { insertSession } from "../sessions.js";
import type { ChannelOption } from "./channel-choices.js";

const sessionOfClient = prepare<{ channelUid: string; clientUid: string }>()((db, value) =>
  db
    .selectFrom("sessions")
    .innerJoin("channels", "channels.uid", "sessions.channel_uid")
    .selectAll("sessions")
    .select("channels.app_id")
    .where("sessions.channel_uid", "=", value("channelUid"))
    .where("sessions.client_uid", "=", value("clientUid")),
);

/** The session a message goes out through, and the app that sends it. */
export interface ReachedSession {
  session: SessionRow;
  appId: string;
}

/** What goes out: the text, its attachments and who is shown as sending it. */
export interface OutgoingContent {
  body: string;
  attachments: readonly Attachment[];
  sender: MessageSender;
}

export const cannotReach = (reason: string | null, field = "channel_uid") =>
  new AppError({
    code: "invalid",
    field,
    message: `the channel cannot reach this client now (${reason ?? "no_active_session"})`,
  });

/**
 * Inside a write: the client's active session on the chosen channel, or, on an open channel where
 * they have none, one opened for this message, addressed by their phone (else email) until the app
 * names its own id of them.
 */
export async function sessionToReach(
  context: WriteContext,
  choice: ChannelOption,
  client: ClientRow,
  field = "channel_uid",
): Promise<ReachedSession> {
  const found = await sessionOfClient.first(context.db, {
    channelUid: choice.channel.uid,
    clientUid: client.uid,
  });
  if (found) {
    const { app_id: appId, ...session } = found;
    if (session.status !== "active") throw cannotReach("no_active_session", field);
    return { session, appId };
  }
  if (!choice.opensSession) throw cannotReach(choice.reason, field);
  const channel = await context.db
    .selectFrom("channels")
    .selectAll()
    .where("uid", "=", choice.channel.uid)
    .executeTakeFirstOrThrow();
  const address = await freeAddress(context, channel.uid, client);
  const session = await insertSession(
    context,
    channel,
    { client, matter: await latestMatter(context.db, client.uid) },
    address,
    "active",
    true,
  );
  return { session, appId: channel.app_id };
}

/** The client's phone or email as a stand-in external_uid, unless another session of the channel has it. */
async function freeAddress(context: WriteContext, channelUid: string, client: ClientRow): Promise<string> {
  for (const address of [client.phone, client.email]) {
    if (!address) continue;
    const taken = await context.db
      .selectFrom("sessions")
      .select("uid")
      .where("channel_uid", "=", channelUid)
      .where("external_uid", "=", address)
      .executeTakeFirst();
    if (!taken) return address;
  }
  return `client:${client.uid}`;
}

/**
 * Inside a write: a pending business-to-client message on the session, and the app asked to send it
 * (with the client's phone and email while the session awaits the app's own id of them). Staff and
 * integrations send through here alike.
 */
export async function writeOutgoing(
  context: WriteContext,
  reached: ReachedSession,
  client: ClientRow,
  channel: ChannelBadge,
  content: OutgoingContent,
): Promise<MessageRow> {
  const { session } = reached;
  const uid = newUid();
  const message = await storeMessage(context.db, {
    uid,
    business_uid: session.business_uid,
    channel_uid: session.channel_uid,
    session_uid: session.uid,
    client_uid: client.uid,
    matter_uid: session.matter_uid,
    message_uid: uid,
    direction: "business_to_client",
    body: content.body,
    attachments: JSON.stringify(content.attachments),
    status: "pending",
    error: null,
    sender: JSON.stringify(content.sender),
    created_at: context.now,
    updated_at: context.now,
  });
  context.emit({
    type: "message.created",
    message,
    channelName: channel.display_name,
    appCodeName: channel.app_code_name,
    webhook: messageToSendCall(
      message,
      reached.appId,
      session.external_uid,
      session.awaiting_app ? contactOf(client) : undefined,
    ),
  });
  touchConversation(context, client.uid, session.matter_uid);
  return message;
}
