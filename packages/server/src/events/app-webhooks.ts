import type { OutgoingMessageWebhook } from "@tandem/contract";
import { channelWebhookBody } from "../presenters/channel.js";
import { messageStatusWebhookBody, outgoingMessageWebhookBody } from "../presenters/message.js";
import { sessionWebhookBody } from "../presenters/session.js";
import type { ChannelRow, ClientRow, MessageRow, SessionRow } from "../storage/schema.js";
import { type AppWebhook, appWebhook } from "./types.js";

/* The calls that several commands make of the app (SPEC §6), each a kind of the webhook catalog. */

/** `PUT /channels/{channel_uid}`: the channel's status, to the app that owns it (or now does). */
export const channelStatusCall = (channel: ChannelRow, appId: string): AppWebhook =>
  appWebhook("channel.updated", {
    appId,
    businessUid: channel.business_uid,
    pathValues: { channel_uid: channel.uid },
    body: channelWebhookBody(channel),
    subject: { channel: channel.uid },
  });

/** `PUT /sessions/{session_uid}`: the session's status. */
export const sessionStatusCall = (session: SessionRow, appId: string): AppWebhook =>
  appWebhook("session.updated", {
    appId,
    businessUid: session.business_uid,
    pathValues: { session_uid: session.uid },
    body: sessionWebhookBody(session),
    subject: { session: session.uid, channel: session.channel_uid },
  });

/** How the app can address a client it has no id of yet. */
export type ContactOfClient = NonNullable<OutgoingMessageWebhook["contact"]>;

export const contactOf = (client: ClientRow): ContactOfClient => ({
  first_name: client.first_name,
  last_name: client.last_name,
  phone: client.phone,
  email: client.email,
});

/**
 * `POST /messages`: the app must send a staff message on its network (again, for a retry); with the
 * client's contact while the app has not named its own id of them.
 */
export const messageToSendCall = (
  message: MessageRow,
  appId: string,
  externalUid: string,
  contact?: ContactOfClient,
): AppWebhook =>
  appWebhook("message.created", {
    appId,
    businessUid: message.business_uid,
    pathValues: {},
    body: outgoingMessageWebhookBody(message, externalUid, contact),
    subject: { session: message.session_uid, channel: message.channel_uid },
  });

/** `PUT /messages/{message_uid}`: staff displayed or read an incoming message. */
export const messageStatusCall = (message: MessageRow, appId: string): AppWebhook =>
  appWebhook("message.updated", {
    appId,
    businessUid: message.business_uid,
    pathValues: { message_uid: message.message_uid },
    body: messageStatusWebhookBody(message),
    subject: { session: message.session_uid, channel: message.channel_uid },
  });

/** `POST /{session_uid}/typing`: staff started or stopped typing in the composer. */
export const staffTypingCall = (
  session: Pick<SessionRow, "uid" | "channel_uid">,
  businessUid: string,
  appId: string,
  typing: boolean,
): AppWebhook =>
  appWebhook("typing", {
    appId,
    businessUid,
    pathValues: { session_uid: session.uid },
    body: { typing },
    subject: { session: session.uid, channel: session.channel_uid },
  });
