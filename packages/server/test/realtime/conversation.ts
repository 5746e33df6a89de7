import assert from "node:assert/strict";
import type { Client, JsonObject, TestServer, WebhookReceiver } from "@tandem/test-support";
import { directory, readyConversation, signIn, unique } from "@tandem/test-support";
import type { FeedSocket } from "./feed-socket.js";

/** A business with an app, an active channel and session for one client, and a signed-in admin. */
export interface Conversation {
  businessUid: string;
  staffUid: string;
  app: Client;
  staff: Client;
  cookie: string;
  /** Signs the admin in once more (another device), answering the new session's cookie. */
  signInAgain(): Promise<string>;
  channelUid: string;
  sessionUid: string;
  clientUid: string;
  externalUid: string;
}

/** `app` is one registered with `registerApp`; several businesses may share it (and its receiver). */
export async function setUpConversation(
  server: TestServer,
  receiver: WebhookReceiver,
  app: JsonObject,
): Promise<Conversation> {
  const { business, businessUid, appApi, adminCookie, staff, channel, client, session } =
    await readyConversation(server, { receiver, app });
  return {
    businessUid,
    staffUid: business.admin.uid,
    app: appApi,
    staff,
    cookie: adminCookie,
    signInAgain: () => signIn(server, business.adminEmail, business.adminPassword),
    channelUid: channel.uid,
    sessionUid: session.uid,
    clientUid: client.uid,
    externalUid: session.external_uid,
  };
}

/** The client writes to the business through the app. */
export async function clientWrites(conversation: Conversation, text: string): Promise<JsonObject> {
  const posted = await conversation.app.post("/business/communication/messages", {
    channel_uid: conversation.channelUid,
    external_uid: conversation.externalUid,
    message: text,
    message_uid: unique("m-"),
  });
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  return posted.body.data.message;
}

/** A staff bearer token, for clients of the feed that are not browsers. */
export async function staffToken(server: TestServer, staffUid: string): Promise<string> {
  const minted = await directory(server).post("/platform/v1/tokens", { staff_uid: staffUid });
  assert.equal(minted.status, 201, JSON.stringify(minted.body));
  return minted.body.data.token;
}

export const isCreated = (text: string) => (message: { type: string; data: JsonObject }) =>
  message.type === "message.created" && message.data.message === text;

/** The sockets are still live: each hears the client's next message. */
export async function stillLive(conversation: Conversation, sockets: FeedSocket[]): Promise<void> {
  const text = unique("Still there? ");
  await clientWrites(conversation, text);
  for (const socket of sockets) await socket.waitFor(isCreated(text), "the client's next message");
}
