import {
  activeChannel,
  activeSession,
  businessWithApp,
  createClient,
  registerApp,
  signIn,
  staffClient,
  type TestBusiness,
} from "./fixtures.js";
import type { Client, JsonObject } from "./http.js";
import { WebhookReceiver } from "./receiver.js";
import type { TestServer } from "./server.js";

export interface ConversationOptions {
  /** The app's receiver, started and closed by the test; without it one is started, and `close` stops it. */
  receiver?: WebhookReceiver;
  /** An app registered already with `receiver`, for businesses that share one app; else one is registered. */
  app?: JsonObject;
  /** Fields of the app's registration (its name, `open_channel`, …) when one is registered here. */
  appFields?: JsonObject;
  /** Fields of the client (the name a test looks for, say). */
  client?: JsonObject;
  channelName?: string;
}

/**
 * Everything a conversation needs, as the guide walks it: an app whose webhooks reach `receiver`, a
 * business with the app installed, the app's token for it, the admin signed in on the page, an
 * active channel, and a client with an active session on it.
 */
export interface ReadyConversation {
  receiver: WebhookReceiver;
  app: JsonObject;
  business: TestBusiness;
  businessUid: string;
  /** The app's token bound to the business. */
  appApi: Client;
  /** The admin's session cookie, and a page client holding it. */
  adminCookie: string;
  staff: Client;
  channel: JsonObject;
  client: JsonObject;
  /** The client's general matter, made with the client. */
  matter: JsonObject;
  session: JsonObject;
  /** Stops the receiver if this call started it. */
  close(): Promise<void>;
}

export async function readyConversation(
  server: TestServer,
  options: ConversationOptions = {},
): Promise<ReadyConversation> {
  const receiver = options.receiver ?? new WebhookReceiver();
  if (!options.receiver) await receiver.start();
  const app = options.app ?? (await registerApp(server, receiver, options.appFields)).app;
  const { business, businessUid, appApi } = await businessWithApp(server, app);
  const adminCookie = await signIn(server, business.adminEmail, business.adminPassword);
  const channel = await activeChannel(appApi, receiver, businessUid, options.channelName);
  const ready = {
    receiver,
    app,
    business,
    businessUid,
    appApi,
    adminCookie,
    staff: staffClient(server, adminCookie),
    channel,
    async close() {
      if (!options.receiver) await receiver.close();
    },
  };
  return { ...ready, ...(await clientWithSession(server, ready, options.client)) };
}

/** One more client of the conversation's business, with an active session on its channel. */
export async function clientWithSession(
  server: TestServer,
  conversation: Pick<ReadyConversation, "receiver" | "businessUid" | "appApi" | "channel">,
  fields: JsonObject = {},
): Promise<{ client: JsonObject; matter: JsonObject; session: JsonObject }> {
  const { client, matter } = await createClient(server, conversation.businessUid, fields);
  const session = await activeSession(
    conversation.appApi,
    conversation.receiver,
    conversation.businessUid,
    conversation.channel.uid,
    client.uid,
  );
  return { client, matter, session };
}
