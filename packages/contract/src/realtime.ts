import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { Nullable, Timestamp, Uid } from "./common.js";
import { Channel, Client, Session, ThreadMessage } from "./entities.js";
import { LIVE_EVENT_TYPES, type LiveEventType } from "./names.js";

/* The page's realtime feed (`GET /api/realtime`, SPEC §8): `{id, type, data}` with increasing ids. */

export const TypingData = Type.Object(
  { client_uid: Uid(), session_uid: Uid(), channel_uid: Uid(), typing: Type.Boolean() },
  { title: "TypingData" },
);
export type TypingData = Static<typeof TypingData>;

export const ConversationUpdate = Type.Object(
  { client_uid: Uid(), client: Client, updated_at: Nullable(Timestamp()) },
  { title: "ConversationUpdate" },
);
export type ConversationUpdate = Static<typeof ConversationUpdate>;

/** Each realtime event's type and the schema of its data. */
export const LIVE_EVENT_DATA = {
  "message.created": ThreadMessage,
  "message.updated": ThreadMessage,
  typing: TypingData,
  "channel.updated": Channel,
  "session.updated": Session,
  "conversation.updated": ConversationUpdate,
} as const satisfies Record<LiveEventType, TSchema>;

export { LIVE_EVENT_TYPES, type LiveEventType };

export type LiveEventData<T extends LiveEventType> = Static<(typeof LIVE_EVENT_DATA)[T]>;

/** One event of the feed, as the page receives it. */
export type LiveEvent = {
  [T in LiveEventType]: { id: number; type: T; data: LiveEventData<T> };
}[LiveEventType];

export const LiveEventSchema = Type.Union(
  LIVE_EVENT_TYPES.map((type) =>
    Type.Object({ id: Type.Integer({ minimum: 1 }), type: Type.Literal(type), data: LIVE_EVENT_DATA[type] }),
  ),
  { title: "LiveEvent" },
);
