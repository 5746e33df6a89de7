import { AppError } from "../errors.js";

const SPACE_FORMAT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const LOCAL_TIME = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Date.parse rolls 2026-02-30 over into March; a date that is not on the calendar is refused instead. */
function isCalendarDate(text: string): boolean {
  const match = CALENDAR_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `created_at` on input: ISO 8601, or `YYYY-MM-DD HH:MM:SS` meaning UTC (SPEC §2); ISO UTC on output. */
export function parseInputTime(value: string | undefined, field = "created_at"): string | null {
  if (value === undefined || value === "") return null;
  const spaced = SPACE_FORMAT.exec(value);
  // A time without an offset means UTC, as in the spaced form, never the server's own time zone.
  const text = spaced ? `${spaced[1]}T${spaced[2]}Z` : LOCAL_TIME.test(value) ? `${value}Z` : value;
  const time = Date.parse(text);
  if (!isCalendarDate(text) || Number.isNaN(time)) {
    throw new AppError({
      code: "invalid",
      field,
      message: `${field} must be ISO 8601 or YYYY-MM-DD HH:MM:SS (UTC)`,
    });
  }
  return new Date(time).toISOString();
}
