import type { Transaction } from "kysely";
import { presentChannel } from "../presenters/channel.js";
import { presentClient } from "../presenters/client.js";
import { presentThreadMessage } from "../presenters/message.js";
import { presentSession } from "../presenters/session.js";
import type { ClientRow, Database } from "../storage/schema.js";
import type { DomainEvent, DomainEventType, EventOf } from "./types.js";
import type { EventRecorder } from "./writer.js";

/** One entry of the page's realtime feed (SPEC §8): `{id, type, data}` once stored. */
export interface PageEvent {
  businessUid: string;
  type: string;
  data: unknown;
}

type PageMapper<T extends DomainEventType> = (event: EventOf<T>) => PageEvent | null;

const threadMessage = (event: EventOf<"message.created" | "message.updated">) =>
  presentThreadMessage(event.message, {
    uid: event.message.channel_uid,
    display_name: event.channelName,
    app_code_name: event.appCodeName,
  });

const conversationUpdate = (client: ClientRow): PageEvent => ({
  businessUid: client.business_uid,
  type: "conversation.updated",
  data: { client_uid: client.uid, client: presentClient(client), updated_at: client.last_activity_at },
});

/** The events staff see on the page; any other event (one only for the app) has no page event. */
const mappers: { [T in DomainEventType]?: PageMapper<T> } = {
  "channel.updated": ({ channel, appCodeName }) => ({
    businessUid: channel.business_uid,
    type: "channel.updated",
    data: presentChannel(channel, appCodeName),
  }),
  "session.updated": ({ session }) => ({
    businessUid: session.business_uid,
    type: "session.updated",
    data: presentSession(session),
  }),
  "message.created": (event) => ({
    businessUid: event.message.business_uid,
    type: "message.created",
    data: threadMessage(event),
  }),
  "message.updated": (event) => ({
    businessUid: event.message.business_uid,
    type: "message.updated",
    data: threadMessage(event),
  }),
  "conversation.updated": ({ client }) => conversationUpdate(client),
  // The page shows a client's new attributes and names where it shows the conversation.
  "client.updated": ({ client }) => conversationUpdate(client),
  typing: (event) =>
    event.by.kind === "client"
      ? {
          businessUid: event.businessUid,
          type: "typing",
          data: {
            client_uid: event.clientUid,
            session_uid: event.sessionUid,
            channel_uid: event.channelUid,
            typing: event.typing,
          },
        }
      : null,
};

export function pageEventFor(event: DomainEvent): PageEvent | null {
  const mapper = mappers[event.type] as PageMapper<typeof event.type> | undefined;
  return mapper ? mapper(event as never) : null;
}

/** Stores the page's events with increasing ids, so a reconnecting page can resume after the last it saw. */
export const pageFeed: EventRecorder = {
  name: "page-feed",
  async record(db: Transaction<Database>, events, now) {
    const rows = events.flatMap((event) => {
      const pageEvent = pageEventFor(event);
      return pageEvent
        ? [
            {
              business_uid: pageEvent.businessUid,
              type: pageEvent.type,
              data: JSON.stringify(pageEvent.data),
              created_at: now,
            },
          ]
        : [];
    });
    if (rows.length > 0) await db.insertInto("page_events").values(rows).execute();
  },
};
