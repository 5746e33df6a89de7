import { uuidV7 } from "./uid.js";

/** Time and ids come from here so commands are easy to reason about (and to batch). */
export const nowIso = (): string => new Date().toISOString();
/** Time-ordered, so new rows append to their uid index instead of landing on a random page. */
export const newUid = (): string => uuidV7();
export const isoAfter = (from: string, milliseconds: number): string =>
  new Date(Date.parse(from) + milliseconds).toISOString();
