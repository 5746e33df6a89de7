import { uuidV7 } from "./uid.js";

let lastNow = Number.NaN;
let lastIso = "";

/** Time and ids come from here so commands are easy to reason about (and to batch). */
export const nowIso = (): string => {
  const now = Date.now();
  // A few calls per request or delivery, in the same millisecond: formatting each was 2 % of the
  // delivery worker's CPU.
  if (now !== lastNow) {
    lastNow = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
};

/** Time-ordered, so new rows append to their uid index instead of landing on a random page. */
export const newUid = (): string => uuidV7();
export const isoAfter = (from: string, milliseconds: number): string =>
  new Date(Date.parse(from) + milliseconds).toISOString();
