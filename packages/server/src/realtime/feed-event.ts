/** One row of `page_events` as it travels to sockets: read once, serialized once, sent to many. */
export interface FeedEvent {
  id: number;
  businessUid: string;
  /**
   * The socket message `{"id", "type", "data"}` as UTF-8 bytes, encoded once: sent as a string,
   * each of a thousand sockets encoded it again.
   */
  frame: Buffer;
}

export interface PageEventRow {
  id: number;
  business_uid: string;
  type: string;
  data: string;
}

/** `data` is stored as JSON text, so it is spliced in rather than parsed and serialized again. */
export function feedEvent(row: PageEventRow): FeedEvent {
  return {
    id: row.id,
    businessUid: row.business_uid,
    frame: Buffer.from(`{"id":${row.id},"type":${JSON.stringify(row.type)},"data":${row.data}}`),
  };
}

/** Messages about the stream itself rather than the business: `ready` and `reset`. */
export function controlFrame(id: number, type: "ready" | "reset"): string {
  return JSON.stringify({ id, type, data: {} });
}
