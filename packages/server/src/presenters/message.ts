import type {
  Attachment,
  ChannelBadge,
  MessageError,
  MessageSender,
  OutgoingMessageWebhook,
  ThreadMessage,
} from "@tandem/contract";
import type { ThreadEntry } from "../domain/conversations/thread-entries.js";
import { parseJson } from "../storage/json-text.js";
import type { MessageRow } from "../storage/schema.js";

export const messageAttachments = (message: MessageRow) => parseJson<Attachment[]>(message.attachments, []);
export const messageSender = (message: MessageRow) => parseJson<MessageSender | null>(message.sender, null);

/** The app's view (communication API answers). */
export function presentMessage(message: MessageRow, externalUid: string) {
  return {
    uid: message.uid,
    status: message.status,
    message_uid: message.message_uid,
    message: message.body,
    channel_uid: message.channel_uid,
    session_uid: message.session_uid,
    external_uid: externalUid,
    direction: message.direction,
    attachments: messageAttachments(message),
    error: parseJson<MessageError | null>(message.error, null),
    created_at: message.created_at,
    updated_at: message.updated_at,
  };
}

/** The page's view: one thread entry, with the channel's badge. */
export function presentThreadMessage(message: MessageRow, channel: ChannelBadge): ThreadMessage {
  return {
    uid: message.uid,
    message_uid: message.message_uid,
    client_uid: message.client_uid,
    matter_uid: message.matter_uid,
    session_uid: message.session_uid,
    direction: message.direction,
    message: message.body,
    status: message.status,
    error: parseJson<MessageError | null>(message.error, null),
    created_at: message.created_at,
    updated_at: message.updated_at,
    attachments: messageAttachments(message),
    channel,
    sender: messageSender(message),
  };
}

/** A thread's message with the channel it went through. */
export const presentThreadEntry = (entry: ThreadEntry): ThreadMessage =>
  presentThreadMessage(entry.message, entry.channel);

/** `POST {api_uri}/messages`: staff wrote it; the app sends it on its network. */
export function outgoingMessageWebhookBody(
  message: MessageRow,
  externalUid: string,
  contact?: OutgoingMessageWebhook["contact"],
): OutgoingMessageWebhook {
  const sender = messageSender(message);
  return {
    external_uid: externalUid,
    message: message.body,
    message_uid: message.uid,
    channel_uid: message.channel_uid,
    session_uid: message.session_uid,
    status: "pending" as const,
    created_at: message.created_at,
    attachments: messageAttachments(message),
    sender: { staff_uid: sender?.staff_uid ?? null, display_name: sender?.display_name ?? null },
    ...(contact ? { contact } : {}),
  };
}

export const messageStatusWebhookBody = (message: MessageRow) => ({
  status: message.status,
  channel_uid: message.channel_uid,
});
