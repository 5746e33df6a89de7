import type { BodyOf, DataOf, QueryOf } from "@tandem/contract";
import type { Operations } from "./endpoints.js";
import type { Authorization, Call, Transport } from "./transport.js";

type Op = Operations;
/** Sends a call on behalf of one business (or none) and answers the `data` of its envelope. */
export type Send = <Data>(call: Call) => Promise<Data>;

/** Calls sent through `transport` with one credential, each answered with its envelope's `data`. */
export function sendVia(transport: Transport, authorization: Authorization): Send {
  return async <Data>(call: Call) => {
    const answer = await transport.send(call, authorization);
    return (answer.body as { data: Data }).data;
  };
}

const uid = (value: string) => ({ uid: value });

/** The communication API (SPEC §5): an app's channels. */
export const channelsApi = (send: Send) => ({
  create: (body: BodyOf<Op["createChannel"]>) =>
    send<DataOf<Op["createChannel"], 201>>({ endpoint: "createChannel", body }),
  list: (query: QueryOf<Op["listChannels"]> = {}) =>
    send<DataOf<Op["listChannels"]>>({ endpoint: "listChannels", query }),
  get: (channelUid: string) =>
    send<DataOf<Op["getChannel"]>>({ endpoint: "getChannel", params: uid(channelUid) }),
  update: (channelUid: string, body: BodyOf<Op["updateChannel"]>) =>
    send<DataOf<Op["updateChannel"]>>({ endpoint: "updateChannel", params: uid(channelUid), body }),
  delete: (channelUid: string) =>
    send<DataOf<Op["deleteChannel"]>>({ endpoint: "deleteChannel", params: uid(channelUid) }),
});

/** Sessions: one per (channel, client). */
export const sessionsApi = (send: Send) => ({
  /** Opens a session, or answers the existing one for the same request. */
  create: (body: BodyOf<Op["createSession"]>) =>
    send<DataOf<Op["createSession"], 201>>({ endpoint: "createSession", body }),
  list: (query: QueryOf<Op["listSessions"]> = {}) =>
    send<DataOf<Op["listSessions"]>>({ endpoint: "listSessions", query }),
  get: (sessionUid: string) =>
    send<DataOf<Op["getSession"]>>({ endpoint: "getSession", params: uid(sessionUid) }),
  update: (sessionUid: string, body: BodyOf<Op["updateSession"]>) =>
    send<DataOf<Op["updateSession"]>>({ endpoint: "updateSession", params: uid(sessionUid), body }),
  delete: (sessionUid: string) =>
    send<DataOf<Op["deleteSession"]>>({ endpoint: "deleteSession", params: uid(sessionUid) }),
});

/** Messages: what the app's network received, the statuses of what Tandem asked it to send, history. */
export const messagesApi = (send: Send) => ({
  /** Idempotent by `message_uid` per channel, so it is retried safely: a repeat answers the first message. */
  create: (body: BodyOf<Op["createMessage"]>) =>
    send<DataOf<Op["createMessage"], 201>>({ endpoint: "createMessage", body }),
  /** `messageUid` is Tandem's uid of the message it asked the app to send (the webhook's message_uid). */
  reportStatus: (messageUid: string, body: BodyOf<Op["reportMessageStatus"]>) =>
    send<DataOf<Op["reportMessageStatus"]>>({
      endpoint: "reportMessageStatus",
      params: { message_uid: messageUid },
      body,
    }),
  /** A session's history, newest first; page with `before` (a message uid). */
  list: (query: QueryOf<Op["listMessages"]>) =>
    send<DataOf<Op["listMessages"]>>({ endpoint: "listMessages", query }),
});

/** A business's clients (the token needs the `business/clients` scope). */
export const clientsApi = (send: Send) => ({
  /** Creates a client and its default matter. */
  create: (body: BodyOf<Op["createClient"]>) =>
    send<DataOf<Op["createClient"], 201>>({ endpoint: "createClient", body }),
  list: (query: QueryOf<Op["listClients"]> = {}) =>
    send<DataOf<Op["listClients"]>>({ endpoint: "listClients", query }),
  get: (clientUid: string, query: QueryOf<Op["getClient"]> = {}) =>
    send<DataOf<Op["getClient"]>>({ endpoint: "getClient", params: uid(clientUid), query }),
});

/** A client's matters. */
export const mattersApi = (send: Send) => ({
  create: (clientUid: string, body: BodyOf<Op["createMatter"]>) =>
    send<DataOf<Op["createMatter"], 201>>({
      endpoint: "createMatter",
      params: { client_uid: clientUid },
      body,
    }),
  list: (clientUid: string) =>
    send<DataOf<Op["listMatters"]>>({ endpoint: "listMatters", params: { client_uid: clientUid } }),
});

/** Business integrations (SPEC §10; the token needs `business/conversations`): reach a client by phone or email. */
export const conversationsApi = (send: Send) => ({
  /**
   * Finds the client by phone or email (or creates it) and sends the messages through `channel`
   * (default `best`). With an `idempotency_key` a retry sends nothing twice, so it is retried freely.
   */
  upsert: (body: BodyOf<Op["upsertConversation"]>) =>
    send<DataOf<Op["upsertConversation"], 201>>({
      endpoint: "upsertConversation",
      body,
      ...(body.idempotency_key ? { retry: "idempotent" as const } : {}),
    }),
});

/** The business's message templates, with named variables. */
export const templatesApi = (send: Send) => ({
  list: (query: QueryOf<Op["listIntegrationTemplates"]> = {}) =>
    send<DataOf<Op["listIntegrationTemplates"]>>({ endpoint: "listIntegrationTemplates", query }),
  create: (body: BodyOf<Op["createIntegrationTemplate"]>) =>
    send<DataOf<Op["createIntegrationTemplate"], 201>>({ endpoint: "createIntegrationTemplate", body }),
  get: (templateUid: string) =>
    send<DataOf<Op["getIntegrationTemplate"]>>({
      endpoint: "getIntegrationTemplate",
      params: uid(templateUid),
    }),
  update: (templateUid: string, body: BodyOf<Op["updateIntegrationTemplate"]>) =>
    send<DataOf<Op["updateIntegrationTemplate"]>>({
      endpoint: "updateIntegrationTemplate",
      params: uid(templateUid),
      body,
    }),
  delete: (templateUid: string) =>
    send<DataOf<Op["deleteIntegrationTemplate"]>>({
      endpoint: "deleteIntegrationTemplate",
      params: uid(templateUid),
    }),
  /** The text with sample values: a variable without one is refused, naming it. */
  preview: (body: BodyOf<Op["previewIntegrationTemplate"]>) =>
    send<DataOf<Op["previewIntegrationTemplate"]>>({ endpoint: "previewIntegrationTemplate", body }),
});

/** Subscriptions to a business's events, posted to a target that echoes Tandem's challenge. */
export const subscriptionsApi = (send: Send) => ({
  create: (body: BodyOf<Op["createSubscription"]>) =>
    send<DataOf<Op["createSubscription"], 201>>({ endpoint: "createSubscription", body }),
  list: (query: QueryOf<Op["listSubscriptions"]> = {}) =>
    send<DataOf<Op["listSubscriptions"]>>({ endpoint: "listSubscriptions", query }),
  get: (subscriptionUid: string) =>
    send<DataOf<Op["getSubscription"]>>({ endpoint: "getSubscription", params: uid(subscriptionUid) }),
  delete: (subscriptionUid: string) =>
    send<DataOf<Op["deleteSubscription"]>>({ endpoint: "deleteSubscription", params: uid(subscriptionUid) }),
});

/** Every call of the API an app makes, bound to one way of sending. */
export function communicationApi(send: Send) {
  return {
    channels: channelsApi(send),
    sessions: sessionsApi(send),
    messages: messagesApi(send),
    clients: clientsApi(send),
    matters: mattersApi(send),
    conversations: conversationsApi(send),
    templates: templatesApi(send),
    subscriptions: subscriptionsApi(send),
    /** The client is typing (`typing: false` when they stop; the page clears it after 10 s anyway). */
    typing: (body: BodyOf<Op["clientTyping"]>) =>
      send<DataOf<Op["clientTyping"]>>({ endpoint: "clientTyping", body }),
  };
}

export type CommunicationApi = ReturnType<typeof communicationApi>;
