import { type Static, Type } from "@sinclair/typebox";
import { Nullable, OneOf, Timestamp, Uid } from "./common.js";
import { Attachment, ChannelStatus, MessageStatus, SessionStatus } from "./entities.js";

/* The bodies Tandem sends to an app's api_uri (SPEC §6), one schema each. */

export const ChannelStatusWebhook = Type.Object(
  { status: ChannelStatus, channel_uid: Uid(), business_uid: Uid() },
  { title: "ChannelStatusWebhook" },
);
export type ChannelStatusWebhook = Static<typeof ChannelStatusWebhook>;

export const SessionStatusWebhook = Type.Object(
  { status: SessionStatus, session_uid: Uid(), channel_uid: Uid() },
  { title: "SessionStatusWebhook" },
);
export type SessionStatusWebhook = Static<typeof SessionStatusWebhook>;

export const OutgoingMessageWebhook = Type.Object(
  {
    external_uid: Type.String({ description: "the app's id of the contact to send to" }),
    message: Type.String(),
    message_uid: Uid("Tandem's uid: report statuses with PUT /messages/{message_uid}"),
    channel_uid: Uid(),
    session_uid: Uid(),
    status: OneOf(["pending"] as const),
    created_at: Timestamp(),
    attachments: Type.Array(Attachment),
    sender: Type.Object({ staff_uid: Nullable(Type.String()), display_name: Nullable(Type.String()) }),
    contact: Type.Optional(
      Type.Object(
        {
          first_name: Type.String(),
          last_name: Nullable(Type.String()),
          phone: Nullable(Type.String({ description: "E.164" })),
          email: Nullable(Type.String()),
        },
        {
          description:
            "Present while the app has not yet named its own id of the client (an open channel's first message to them): address the client by phone or email, and name your id in the first status report. `external_uid` is the phone or email until then.",
        },
      ),
    ),
  },
  { title: "OutgoingMessageWebhook" },
);
export type OutgoingMessageWebhook = Static<typeof OutgoingMessageWebhook>;

export const MessageStatusWebhook = Type.Object(
  { status: MessageStatus, channel_uid: Uid() },
  { title: "MessageStatusWebhook" },
);
export type MessageStatusWebhook = Static<typeof MessageStatusWebhook>;

export const TypingWebhook = Type.Object({ typing: Type.Boolean() }, { title: "TypingWebhook" });
export type TypingWebhook = Static<typeof TypingWebhook>;
