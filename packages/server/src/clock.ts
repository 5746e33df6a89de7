import { randomUUID } from "node:crypto";

/** Time and ids come from here so commands are easy to reason about (and to batch). */
export const nowIso = (): string => new Date().toISOString();
export const newUid = (): string => randomUUID();
export const isoAfter = (from: string, milliseconds: number): string =>
  new Date(Date.parse(from) + milliseconds).toISOString();
