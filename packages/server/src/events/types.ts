import type { ChannelRow, ClientRow, MessageRow, SessionRow } from "../storage/schema.js";

/**
 * What happened, as commands announce it. Consumers (the webhook outbox, the page's realtime feed)
 * turn each event into rows of their own in the same transaction as the change.
 */
export type DomainEvent =
  | { type: "channel.updated"; channel: ChannelRow; appId: string; appCodeName: string; notifyApp: boolean }
  | { type: "session.updated"; session: SessionRow; appId: string; notifyApp: boolean }
  | {
      type: "message.created";
      message: MessageRow;
      appId: string;
      externalUid: string;
      channelName: string;
      appCodeName: string;
      /** Staff wrote it on the page: the app must send it on its network. */
      notifyApp: boolean;
    }
  | {
      type: "message.updated";
      message: MessageRow;
      appId: string;
      externalUid: string;
      channelName: string;
      appCodeName: string;
      /** Staff displayed or read an incoming message: the app hears of it. */
      notifyApp: boolean;
      /** Staff retried a failed outgoing message: the app gets it again as a new delivery. */
      resend?: boolean;
    }
  | { type: "conversation.updated"; client: ClientRow }
  | {
      type: "typing";
      businessUid: string;
      clientUid: string;
      sessionUid: string;
      channelUid: string;
      appId: string;
      typing: boolean;
      /** Who is typing: staff typing goes to the app, client typing goes to the page. */
      by: { kind: "staff"; staffUid: string; displayName: string } | { kind: "client" };
    };

export type DomainEventType = DomainEvent["type"];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
