/*
 * Plain names of the contract, without the schemas: what a browser bundle needs at run time (the
 * page checks a socket frame's type) costs it no schema library.
 */

/** The realtime feed's event types (`GET /api/realtime`). */
export const LIVE_EVENT_TYPES = [
  "message.created",
  "message.updated",
  "typing",
  "channel.updated",
  "session.updated",
  "conversation.updated",
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];
