import { type Static, Type } from "@sinclair/typebox";
import { Nullable, OneOf, Timestamp, Uid } from "./common.js";

/*
 * The entities as every answer, socket event and webhook shows them: one schema each, which the
 * server's presenters are typed by and the page, the SDK and the docs read.
 */

export const CHANNEL_STATUSES = ["pending", "active", "inactive", "blocked", "deleted", "error"] as const;
export const SESSION_STATUSES = ["pending", "active", "inactive", "deleted"] as const;
export const MESSAGE_STATUSES = ["pending", "sent", "received", "read", "error", "unavailable"] as const;
export const MESSAGE_DIRECTIONS = ["client_to_business", "business_to_client"] as const;
export const CHANNEL_TYPES = ["transactional", "promotional"] as const;
export const STAFF_ROLES = ["admin", "staff"] as const;

export const ChannelStatus = OneOf(CHANNEL_STATUSES);
export type ChannelStatus = Static<typeof ChannelStatus>;
export const SessionStatus = OneOf(SESSION_STATUSES);
export type SessionStatus = Static<typeof SessionStatus>;
export const MessageStatus = OneOf(MESSAGE_STATUSES);
export type MessageStatus = Static<typeof MessageStatus>;
export const MessageDirection = OneOf(MESSAGE_DIRECTIONS);
export type MessageDirection = Static<typeof MessageDirection>;
export const Role = OneOf(STAFF_ROLES);
export type Role = Static<typeof Role>;

export const App = Type.Object(
  {
    app_id: Uid(),
    app_code_name: Type.String(),
    name: Type.String(),
    app_type: Type.Array(Type.String()),
    client_id: Type.String(),
    redirect_uri: Type.String(),
    api_uri: Nullable(Type.String()),
    trusted: Type.Boolean(),
    url_params: Type.Array(Type.String()),
    scopes: Type.Array(Type.String()),
    app_layer: Nullable(Type.String()),
    open_channel: Type.Boolean(),
    unreachable: Type.Boolean({ description: "its endpoint has failed without a success for 5 days" }),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { title: "App", description: "A registered app, as every read shows it: never a secret." },
);
export type App = Static<typeof App>;

export const Business = Type.Object(
  { uid: Uid(), name: Type.String(), created_at: Timestamp() },
  { title: "Business" },
);
export type Business = Static<typeof Business>;

export const Staff = Type.Object(
  { uid: Uid(), email: Type.String(), display_name: Type.String(), role: Role, business_uid: Uid() },
  { title: "Staff" },
);
export type Staff = Static<typeof Staff>;

/** A client's custom fields, set by the business's software (a licence plate, a location). */
export const ClientAttributes = Type.Record(Type.String(), Type.String(), {
  title: "ClientAttributes",
  description: "the client's custom fields, by name",
});
export type ClientAttributes = Static<typeof ClientAttributes>;

export const Client = Type.Object(
  {
    uid: Uid(),
    business_uid: Uid(),
    first_name: Type.String(),
    last_name: Nullable(Type.String()),
    display_name: Type.String({ description: "first and last name" }),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    attributes: ClientAttributes,
    created_at: Timestamp(),
    last_activity_at: Nullable(Timestamp()),
  },
  { title: "Client" },
);
export type Client = Static<typeof Client>;

export const Matter = Type.Object(
  {
    uid: Uid(),
    client_uid: Uid(),
    business_uid: Uid(),
    display_name: Type.String(),
    created_at: Timestamp(),
    last_activity_at: Nullable(Timestamp()),
  },
  { title: "Matter" },
);
export type Matter = Static<typeof Matter>;

export const Channel = Type.Object(
  {
    uid: Uid(),
    status: ChannelStatus,
    type: OneOf(CHANNEL_TYPES),
    display_name: Type.String(),
    business_uid: Uid(),
    app_code_name: Type.String(),
    metadata: Type.Record(Type.String(), Type.Unknown(), { description: "the app's own JSON, at most 4 KB" }),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { title: "Channel" },
);
export type Channel = Static<typeof Channel>;

export const Session = Type.Object(
  {
    uid: Uid(),
    status: SessionStatus,
    channel_uid: Uid(),
    business_uid: Uid(),
    contact_uid: Uid("the client"),
    client_uid: Uid(),
    matter_uid: Uid(),
    external_uid: Type.String({ description: "the app's own id of the contact" }),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { title: "Session" },
);
export type Session = Static<typeof Session>;

export const Attachment = Type.Object(
  {
    url: Type.String(),
    content_type: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    size: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { title: "Attachment" },
);
export type Attachment = Static<typeof Attachment>;

export const MessageError = Type.Object(
  {
    code: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
    retryable: Type.Optional(Type.Boolean()),
  },
  { title: "MessageError" },
);
export type MessageError = Static<typeof MessageError>;

export const MessageSender = Type.Object(
  {
    kind: OneOf(["staff", "business", "client", "integration"] as const),
    staff_uid: Type.Optional(Type.String()),
    app_code_name: Type.Optional(Type.String({ description: "the integration that sent it" })),
    display_name: Type.Optional(Type.String()),
  },
  { title: "MessageSender" },
);
export type MessageSender = Static<typeof MessageSender>;

/** A message as the app sees it (communication API answers). */
export const Message = Type.Object(
  {
    uid: Uid("Tandem's uid of the message"),
    status: MessageStatus,
    message_uid: Type.String({ description: "the app's id (incoming) or Tandem's uid (outgoing)" }),
    message: Type.String(),
    channel_uid: Uid(),
    session_uid: Uid(),
    external_uid: Type.String(),
    direction: MessageDirection,
    attachments: Type.Array(Attachment),
    error: Nullable(MessageError),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { title: "Message" },
);
export type Message = Static<typeof Message>;

export const ChannelBadge = Type.Object(
  { uid: Uid(), display_name: Type.String(), app_code_name: Type.String() },
  { title: "ChannelBadge" },
);
export type ChannelBadge = Static<typeof ChannelBadge>;

/** A message as the page's thread shows it, with its channel's badge. */
export const ThreadMessage = Type.Object(
  {
    uid: Uid(),
    message_uid: Type.String(),
    client_uid: Uid(),
    matter_uid: Uid(),
    session_uid: Uid(),
    direction: MessageDirection,
    message: Type.String(),
    status: MessageStatus,
    error: Nullable(MessageError),
    created_at: Timestamp(),
    updated_at: Timestamp(),
    attachments: Type.Array(Attachment),
    channel: ChannelBadge,
    sender: Nullable(MessageSender),
  },
  { title: "ThreadMessage" },
);
export type ThreadMessage = Static<typeof ThreadMessage>;

export const Conversation = Type.Object(
  {
    client_uid: Uid(),
    client: Client,
    last_message: Nullable(ThreadMessage),
    unread_count: Type.Integer({ minimum: 0 }),
    updated_at: Timestamp("the client's latest activity, or when it was created"),
  },
  { title: "Conversation" },
);
export type Conversation = Static<typeof Conversation>;

export const UNAVAILABLE_REASONS = [
  "no_active_session",
  "channel_inactive",
  "app_unreachable",
  "app_uninstalled",
] as const;
export const UnavailableReason = OneOf(UNAVAILABLE_REASONS);
export type UnavailableReason = Static<typeof UnavailableReason>;

/** One entry of the composer's channel dropdown. */
export const ChannelChoice = Type.Object(
  {
    channel_uid: Uid(),
    display_name: Type.String(),
    app_code_name: Type.String(),
    session_uid: Nullable(Uid()),
    available: Type.Boolean(),
    reason: Nullable(UnavailableReason),
  },
  { title: "ChannelChoice" },
);
export type ChannelChoice = Static<typeof ChannelChoice>;

export const InstalledApp = Type.Object(
  {
    app_id: Uid(),
    app_code_name: Type.String(),
    name: Type.String(),
    app_type: Type.Array(Type.String()),
    unreachable: Type.Boolean(),
    installed_at: Timestamp(),
  },
  { title: "InstalledApp" },
);
export type InstalledApp = Static<typeof InstalledApp>;

/** A business's message template: text with named variables (`{{client.first_name}}`, `{{appointment_time}}`). */
export const Template = Type.Object(
  {
    uid: Uid(),
    business_uid: Uid(),
    name: Type.String({ description: "unique within the business; integrations may name a template by it" }),
    body: Type.String(),
    variables: Type.Array(Type.String(), {
      description:
        "the names the body uses, in order of first use; `client.*` ones are filled from the client",
    }),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { title: "Template" },
);
export type Template = Static<typeof Template>;

export const SubscriptionFilter = Type.Object(
  {
    app_code_name: Type.Optional(Type.String({ description: "only messages through this app's channels" })),
    direction: Type.Optional(MessageDirection),
  },
  { title: "SubscriptionFilter" },
);
export type SubscriptionFilter = Static<typeof SubscriptionFilter>;

/** An integration's subscription to the events of one business that installed it. */
export const Subscription = Type.Object(
  {
    uid: Uid(),
    business_uid: Uid(),
    app_code_name: Type.String({ description: "the integration that subscribed" }),
    events: Type.Array(Type.String(), { description: "event names or groups (a prefix: `message`)" }),
    target_url: Type.String(),
    filter: SubscriptionFilter,
    status: OneOf(["active"] as const, "active once the target echoed Tandem's challenge"),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { title: "Subscription" },
);
export type Subscription = Static<typeof Subscription>;
