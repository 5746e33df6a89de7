import { Type } from "@sinclair/typebox";
import { AppCheckReport } from "../app-check.js";
import { OneOf, Pagination, Success } from "../common.js";
import {
  Business,
  Channel,
  ChannelChoice,
  Conversation,
  InstalledApp,
  Staff,
  Subscription,
  Template,
  ThreadMessage,
} from "../entities.js";
import { TemplateBody, TemplateName, TemplatePreview, TemplatePreviewInput } from "./conversations.js";
import { AttachmentsInput, MessageText, PageQuery, UidInput } from "./inputs.js";
import { operation } from "./operation.js";

/* The conversation page's API (SPEC §8): staff, by session cookie or staff bearer token. */

const staff = ["staff_cookie", "staff"] as const;
const tag = "page";
const ClientParams = Type.Object({ client_uid: UidInput("client uid") });

export const signIn = operation({
  operationId: "signIn",
  summary: "Sign in: sets the page's session cookie",
  description: "429 with retry-after after 10 failed sign-ins of an email in 15 minutes.",
  tag,
  method: "POST",
  path: "/api/auth/login",
  credentials: ["none"],
  body: Type.Object({
    email: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  }),
  responses: { 200: Success(Type.Object({ staff: Staff })) },
  errors: [401, 415, 422, 429],
});

export const signOut = operation({
  operationId: "signOut",
  summary: "Sign out: ends the session and closes its sockets",
  tag,
  method: "POST",
  path: "/api/auth/logout",
  credentials: staff,
  responses: { 200: Success(Type.Object({})) },
  errors: [401],
});

export const whoAmI = operation({
  operationId: "whoAmI",
  summary: "The signed-in staff member and their business",
  tag,
  method: "GET",
  path: "/api/auth/me",
  credentials: staff,
  responses: {
    200: Success(Type.Object({ staff: Staff, business: Type.Pick(Business, ["uid", "name"]) })),
  },
  errors: [401],
});

export const listConversations = operation({
  operationId: "listConversations",
  summary: "The inbox: clients by latest activity, with unread counts",
  tag,
  method: "GET",
  path: "/api/conversations",
  credentials: staff,
  querystring: Type.Object({ search: Type.Optional(Type.String({ maxLength: 255 })), ...PageQuery }),
  responses: {
    200: Success(Type.Object({ conversations: Type.Array(Conversation), pagination: Pagination })),
  },
  errors: [401, 422],
});

export const getConversation = operation({
  operationId: "getConversation",
  summary: "One conversation as the inbox lists it",
  tag,
  method: "GET",
  path: "/api/conversations/:client_uid",
  credentials: staff,
  params: ClientParams,
  responses: { 200: Success(Type.Object({ conversation: Conversation })) },
  errors: [401, 404],
});

export const getThread = operation({
  operationId: "getThread",
  summary: "A client's thread across channels, newest first",
  description: "Fetching incoming messages here counts as displaying them (pending → received).",
  tag,
  method: "GET",
  path: "/api/conversations/:client_uid/messages",
  credentials: staff,
  params: ClientParams,
  querystring: Type.Object({
    before: Type.Optional(UidInput("a message uid")),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  }),
  responses: {
    200: Success(Type.Object({ messages: Type.Array(ThreadMessage), has_more: Type.Boolean() })),
  },
  errors: [401, 404, 422],
});

export const sendMessage = operation({
  operationId: "sendMessage",
  summary: "Staff send a message through one of the client's channels",
  tag,
  method: "POST",
  path: "/api/conversations/:client_uid/messages",
  credentials: staff,
  params: ClientParams,
  body: Type.Object({
    channel_uid: UidInput("channel_uid"),
    message: MessageText(),
    attachments: Type.Optional(AttachmentsInput),
  }),
  responses: { 201: Success(Type.Object({ message: ThreadMessage })) },
  errors: [401, 404, 415, 422],
});

export const markThreadRead = operation({
  operationId: "markThreadRead",
  summary: "Mark the thread's incoming messages read",
  tag,
  method: "POST",
  path: "/api/conversations/:client_uid/read",
  credentials: staff,
  params: ClientParams,
  responses: { 200: Success(Type.Object({ read: Type.Integer({ minimum: 0 }) })) },
  errors: [401, 404],
});

export const staffTyping = operation({
  operationId: "staffTyping",
  summary: "Staff are typing in the composer",
  tag,
  method: "POST",
  path: "/api/conversations/:client_uid/typing",
  credentials: staff,
  params: ClientParams,
  body: Type.Object({ channel_uid: UidInput("channel_uid"), typing: Type.Boolean() }),
  responses: { 200: Success(Type.Object({})) },
  errors: [401, 404, 415, 422],
});

export const listChannelChoices = operation({
  operationId: "listChannelChoices",
  summary: "The composer's dropdown: the client's channels, unavailable ones with the reason",
  tag,
  method: "GET",
  path: "/api/conversations/:client_uid/channels",
  credentials: staff,
  params: ClientParams,
  responses: { 200: Success(Type.Object({ channels: Type.Array(ChannelChoice) })) },
  errors: [401, 404],
});

export const retryMessage = operation({
  operationId: "retryMessage",
  summary: "Send a failed outgoing message again",
  tag,
  method: "POST",
  path: "/api/messages/:uid/retry",
  credentials: staff,
  params: Type.Object({ uid: UidInput("message uid") }),
  responses: { 200: Success(Type.Object({ message: ThreadMessage })) },
  errors: [401, 404, 409, 422],
});

export const listInstalledApps = operation({
  operationId: "listInstalledApps",
  summary: "The apps installed on the business",
  tag,
  method: "GET",
  path: "/api/apps",
  credentials: staff,
  responses: { 200: Success(Type.Object({ apps: Type.Array(InstalledApp) })) },
  errors: [401],
});

export const checkInstalledApp = operation({
  operationId: "checkInstalledApp",
  summary: "Check an installed app's webhook endpoint, as `tandem check-app` does (admins)",
  description:
    "Plays Tandem against the app's api_uri with its webhook secret: for each webhook kind a signed call, a replay of it and the calls it must refuse, timed against Tandem's webhook timeout. One check of an app runs at a time (409 naming app_id while one does); an app whose webhook secret this server's key cannot open is 409 naming webhook_secret; it lasts as long as the app's answers: six calls per webhook kind, one at a time, each cut off at the timeout. An app that does not answer is called no more: a kind's calls after its unanswered signed call, and every call after two in a row unanswered, are reported `skip`, so a dead app's report comes after about two timeouts.",
  tag,
  method: "POST",
  path: "/api/apps/:app_id/check",
  credentials: staff,
  params: Type.Object({ app_id: UidInput("app_id") }),
  responses: { 200: Success(Type.Object({ report: AppCheckReport })) },
  errors: [401, 403, 404, 409, 422],
});

export const listBusinessChannels = operation({
  operationId: "listBusinessChannels",
  summary: "The business's channels",
  tag,
  method: "GET",
  path: "/api/channels",
  credentials: staff,
  responses: { 200: Success(Type.Object({ channels: Type.Array(Channel) })) },
  errors: [401],
});

export const setChannelStatus = operation({
  operationId: "setChannelStatus",
  summary: "Activate, deactivate or delete a channel (admins)",
  tag,
  method: "PUT",
  path: "/api/channels/:uid",
  credentials: staff,
  params: Type.Object({ uid: UidInput() }),
  body: Type.Object({ status: OneOf(["active", "inactive", "deleted"] as const) }),
  responses: { 200: Success(Type.Object({ channel: Channel })) },
  errors: [401, 403, 404, 409, 415, 422],
});

const TemplateParams = Type.Object({ uid: UidInput("template uid") });

export const listPageTemplates = operation({
  operationId: "listPageTemplates",
  summary: "The business's message templates (the composer's picker; admins manage them)",
  tag,
  method: "GET",
  path: "/api/templates",
  credentials: staff,
  responses: { 200: Success(Type.Object({ templates: Type.Array(Template) })) },
  errors: [401],
});

export const createPageTemplate = operation({
  operationId: "createPageTemplate",
  summary: "Add a message template (admins)",
  tag,
  method: "POST",
  path: "/api/templates",
  credentials: staff,
  body: Type.Object({ name: TemplateName, body: TemplateBody }),
  responses: { 201: Success(Type.Object({ template: Template })) },
  errors: [401, 403, 415, 422],
});

export const updatePageTemplate = operation({
  operationId: "updatePageTemplate",
  summary: "Change a message template (admins)",
  tag,
  method: "PUT",
  path: "/api/templates/:uid",
  credentials: staff,
  params: TemplateParams,
  body: Type.Object({ name: Type.Optional(TemplateName), body: Type.Optional(TemplateBody) }),
  responses: { 200: Success(Type.Object({ template: Template })) },
  errors: [401, 403, 404, 415, 422],
});

export const deletePageTemplate = operation({
  operationId: "deletePageTemplate",
  summary: "Delete a message template (admins)",
  tag,
  method: "DELETE",
  path: "/api/templates/:uid",
  credentials: staff,
  params: TemplateParams,
  responses: { 200: Success(Type.Object({ template: Template })) },
  errors: [401, 403, 404],
});

export const previewPageTemplate = operation({
  operationId: "previewPageTemplate",
  summary: "A template's text with sample values (or a client's own fields) filled in",
  description:
    "With `client_uid`, `client.*` variables come from that client; a variable with no value is a 422 naming it.",
  tag,
  method: "POST",
  path: "/api/templates/preview",
  credentials: staff,
  body: Type.Object({ ...TemplatePreviewInput, client_uid: Type.Optional(UidInput("client uid")) }),
  responses: { 200: Success(TemplatePreview) },
  errors: [401, 404, 415, 422],
});

export const listPageSubscriptions = operation({
  operationId: "listPageSubscriptions",
  summary: "The integrations' event subscriptions at the business (admins)",
  tag,
  method: "GET",
  path: "/api/subscriptions",
  credentials: staff,
  responses: { 200: Success(Type.Object({ subscriptions: Type.Array(Subscription) })) },
  errors: [401, 403],
});
