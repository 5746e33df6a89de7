import { Type } from "@sinclair/typebox";
import { OneOf, Success } from "../common.js";
import {
  CHANNEL_STATUSES,
  CHANNEL_TYPES,
  Channel,
  MESSAGE_DIRECTIONS,
  Message,
  Session,
} from "../entities.js";
import {
  AttachmentsInput,
  ContactInput,
  MessageStatusInput,
  MessageText,
  OnBehalfOf,
  Text,
  UidInput,
} from "./inputs.js";
import { operation } from "./operation.js";

/* The communication API (SPEC §5): an app's channels, sessions, messages and typing. */

/** An app token, or the directory acting on the business named by x-on-behalf-of (or the body). */
const app = ["app", "directory"] as const;
const JSON_ERRORS = [401, 403, 404, 415, 422, 429] as const;
const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  description: "at most 4,096 bytes as UTF-8 JSON",
});
const DisplayName = Type.String({ maxLength: 100 });
const ChannelParams = Type.Object({ uid: UidInput("channel uid") });
const SessionParams = Type.Object({ uid: UidInput("session uid") });

export const createChannel = operation({
  operationId: "createChannel",
  summary: "Create a channel at a business",
  description: "The channel starts pending; Tandem validates it and announces `active` with a webhook.",
  tag: "communication: channels",
  method: "POST",
  path: "/business/communication/channels",
  credentials: app,
  headers: OnBehalfOf,
  body: Type.Object({
    business_uid: Type.Optional(UidInput("business_uid (or x-on-behalf-of)")),
    type: OneOf(CHANNEL_TYPES),
    display_name: Type.Optional(DisplayName),
    metadata: Type.Optional(Metadata),
    app_code_name: Type.Optional(
      Text(64, "the directory only: the installed app the channel is for (an app token is the app)"),
    ),
  }),
  responses: { 201: Success(Type.Object({ channel: Channel })) },
  errors: JSON_ERRORS,
});

export const listChannels = operation({
  operationId: "listChannels",
  summary: "List the app's channels",
  tag: "communication: channels",
  method: "GET",
  path: "/business/communication/channels",
  credentials: app,
  headers: OnBehalfOf,
  querystring: Type.Object({
    business_uid: Type.Optional(UidInput()),
    status: Type.Optional(OneOf(CHANNEL_STATUSES)),
  }),
  responses: { 200: Success(Type.Object({ channels: Type.Array(Channel) })) },
  errors: [401, 403, 404, 422, 429],
});

export const getChannel = operation({
  operationId: "getChannel",
  summary: "Get one of the app's channels",
  tag: "communication: channels",
  method: "GET",
  path: "/business/communication/channels/:uid",
  credentials: app,
  headers: OnBehalfOf,
  params: ChannelParams,
  responses: { 200: Success(Type.Object({ channel: Channel })) },
  errors: [401, 403, 404, 429],
});

export const updateChannel = operation({
  operationId: "updateChannel",
  summary: "Change a channel: status, name, metadata, or move it to another app",
  tag: "communication: channels",
  method: "PUT",
  path: "/business/communication/channels/:uid",
  credentials: app,
  headers: OnBehalfOf,
  params: ChannelParams,
  body: Type.Object({
    status: Type.Optional(OneOf(["active", "inactive", "deleted"] as const)),
    display_name: Type.Optional(DisplayName),
    metadata: Type.Optional(Metadata),
    app_uid: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "destination app_code_name" }),
    ),
  }),
  responses: { 200: Success(Type.Object({ channel: Channel })) },
  errors: JSON_ERRORS,
});

export const deleteChannel = operation({
  operationId: "deleteChannel",
  summary: "Delete a channel (status deleted)",
  tag: "communication: channels",
  method: "DELETE",
  path: "/business/communication/channels/:uid",
  credentials: app,
  headers: OnBehalfOf,
  params: ChannelParams,
  responses: { 200: Success(Type.Object({ channel: Channel })) },
  errors: [401, 403, 404, 422, 429],
});

export const createSession = operation({
  operationId: "createSession",
  summary: "Open a session for a client on a channel",
  description: "201 when opened, 200 with the existing session when the same request comes again.",
  tag: "communication: sessions",
  method: "POST",
  path: "/business/communication/sessions",
  credentials: app,
  headers: OnBehalfOf,
  body: Type.Object({
    business_uid: Type.Optional(UidInput("business_uid")),
    channel_uid: UidInput("channel_uid"),
    contact_uid: UidInput("a client uid or a matter uid"),
    external_uid: Text(255, "the app's own id of the contact"),
  }),
  responses: {
    200: Success(Type.Object({ session: Session })),
    201: Success(Type.Object({ session: Session })),
  },
  errors: JSON_ERRORS,
});

export const listSessions = operation({
  operationId: "listSessions",
  summary: "Find the app's sessions",
  tag: "communication: sessions",
  method: "GET",
  path: "/business/communication/sessions",
  credentials: app,
  headers: OnBehalfOf,
  querystring: Type.Object({
    channel_uid: Type.Optional(UidInput()),
    business_uid: Type.Optional(UidInput()),
    contact_uid: Type.Optional(UidInput()),
    external_uid: Type.Optional(Type.String({ maxLength: 255 })),
  }),
  responses: { 200: Success(Type.Object({ sessions: Type.Array(Session) })) },
  errors: [401, 403, 404, 422, 429],
});

export const getSession = operation({
  operationId: "getSession",
  summary: "Get one of the app's sessions",
  tag: "communication: sessions",
  method: "GET",
  path: "/business/communication/sessions/:uid",
  credentials: app,
  headers: OnBehalfOf,
  params: SessionParams,
  responses: { 200: Success(Type.Object({ session: Session })) },
  errors: [401, 403, 404, 429],
});

export const updateSession = operation({
  operationId: "updateSession",
  summary: "Activate, deactivate or delete a session",
  tag: "communication: sessions",
  method: "PUT",
  path: "/business/communication/sessions/:uid",
  credentials: app,
  headers: OnBehalfOf,
  params: SessionParams,
  body: Type.Object({ status: OneOf(["active", "inactive", "deleted"] as const) }),
  responses: { 200: Success(Type.Object({ session: Session })) },
  errors: JSON_ERRORS,
});

export const deleteSession = operation({
  operationId: "deleteSession",
  summary: "Delete a session (status deleted)",
  tag: "communication: sessions",
  method: "DELETE",
  path: "/business/communication/sessions/:uid",
  credentials: app,
  headers: OnBehalfOf,
  params: SessionParams,
  responses: { 200: Success(Type.Object({ session: Session })) },
  errors: [401, 403, 404, 422, 429],
});

/** Either a session, or (open channels) a channel with the app's contact id. */
const TypingBody = Type.Object(
  {
    session_uid: Type.Optional(UidInput("session_uid")),
    channel_uid: Type.Optional(UidInput("channel_uid (open channels, with external_uid)")),
    external_uid: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    typing: Type.Boolean(),
  },
  {
    description: "session_uid, or channel_uid with external_uid",
    anyOf: [{ required: ["session_uid"] }, { required: ["channel_uid", "external_uid"] }],
  },
);

const typing = (operationId: string, path: string, summary: string) =>
  operation({
    operationId,
    summary,
    description: "The page shows typing… until typing false, or 10 s without a refresh.",
    tag: "communication: sessions",
    method: "POST",
    path,
    credentials: app,
    headers: OnBehalfOf,
    body: TypingBody,
    responses: { 200: Success(Type.Object({})) },
    errors: JSON_ERRORS,
  });

export const clientTyping = typing(
  "clientTyping",
  "/business/communication/v1/sessions/typing",
  "The client is typing",
);
export const clientTypingUnversioned = typing(
  "clientTypingUnversioned",
  "/business/communication/sessions/typing",
  "The client is typing (same as /v1/sessions/typing)",
);

export const createMessage = operation({
  operationId: "createMessage",
  summary: "Post a message the app's network received (or the business sent from it)",
  description: "Idempotent by message_uid per channel: a repeat answers the first message with 200.",
  tag: "communication: messages",
  method: "POST",
  path: "/business/communication/messages",
  credentials: app,
  headers: OnBehalfOf,
  body: Type.Object({
    channel_uid: UidInput("channel_uid"),
    external_uid: Text(255, "the app's id of the contact"),
    message: MessageText(),
    message_uid: Text(255, "the app's id of the message, unique per channel"),
    contact_uid: Type.Optional(UidInput("client or matter uid (open channels)")),
    direction: Type.Optional(OneOf(MESSAGE_DIRECTIONS)),
    created_at: Type.Optional(
      Type.String({ maxLength: 64, description: "ISO 8601, or YYYY-MM-DD HH:MM:SS (UTC)" }),
    ),
    attachments: Type.Optional(AttachmentsInput),
    contact: Type.Optional(ContactInput),
  }),
  responses: {
    200: Success(Type.Object({ message: Message })),
    201: Success(Type.Object({ message: Message })),
  },
  errors: JSON_ERRORS,
});

export const reportMessageStatus = operation({
  operationId: "reportMessageStatus",
  summary: "Report what happened to a message Tandem asked the app to send",
  description: "Status moves only forward; `applied` is false when the report came too late to change it.",
  tag: "communication: messages",
  method: "PUT",
  path: "/business/communication/messages/:message_uid",
  credentials: app,
  headers: OnBehalfOf,
  params: Type.Object({ message_uid: Text(255) }),
  body: Type.Object({
    channel_uid: UidInput("channel_uid"),
    status: MessageStatusInput,
    external_uid: Type.Optional(
      Text(
        255,
        "the app's own id of the client, for a message Tandem sent by the client's phone or email (the webhook carried `contact`): the first report names it and addresses the session",
      ),
    ),
    error: Type.Optional(
      Type.Object({
        code: Type.Optional(Type.String({ maxLength: 255 })),
        message: Type.Optional(Type.String({ maxLength: 2000 })),
        retryable: Type.Optional(Type.Boolean()),
      }),
    ),
  }),
  responses: { 200: Success(Type.Object({ message: Message, applied: Type.Boolean() })) },
  errors: JSON_ERRORS,
});

export const listMessages = operation({
  operationId: "listMessages",
  summary: "A session's history, newest first",
  tag: "communication: messages",
  method: "GET",
  path: "/business/communication/messages",
  credentials: app,
  headers: OnBehalfOf,
  querystring: Type.Object(
    {
      channel_uid: UidInput(),
      external_uid: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
      session_uid: Type.Optional(UidInput()),
      before: Type.Optional(Type.String({ maxLength: 255, description: "a message uid" })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
    },
    {
      description: "external_uid or session_uid names the session",
      anyOf: [{ required: ["external_uid"] }, { required: ["session_uid"] }],
    },
  ),
  responses: {
    200: Success(Type.Object({ messages: Type.Array(Message), has_more: Type.Boolean() })),
  },
  errors: [401, 403, 404, 422, 429],
});
