import type { LiveEvent } from "@tandem/contract";
import { LIVE_EVENT_TYPES } from "@tandem/contract/names";

export type FeedFrame =
  | { kind: "ready"; id: number }
  | { kind: "reset"; id: number | null }
  | { kind: "event"; event: LiveEvent }
  | { kind: "ignored" };

const LIVE_TYPES = new Set<string>(LIVE_EVENT_TYPES);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** Ids may come as numbers or (from a PostgreSQL bigint) as digit strings. */
function eventId(value: unknown): number | null {
  const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof id === "number" && Number.isSafeInteger(id) ? id : null;
}

/** Reads one socket frame; anything unknown is ignored so a newer server never breaks an older page. */
export function parseFrame(text: string): FeedFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { kind: "ignored" };
  }
  if (!isObject(frame) || typeof frame.type !== "string") return { kind: "ignored" };
  const id = eventId(frame.id);
  if (frame.type === "reset") return { kind: "reset", id };
  if (id === null) return { kind: "ignored" };
  if (frame.type === "ready") return { kind: "ready", id };
  if (!LIVE_TYPES.has(frame.type) || !isObject(frame.data)) return { kind: "ignored" };
  // The envelope is checked; the data is the server's own presenter output, as the REST API answers it.
  const event = { id, type: frame.type, data: frame.data } as unknown as LiveEvent;
  return { kind: "event", event };
}
