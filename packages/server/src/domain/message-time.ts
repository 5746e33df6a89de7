import { AppError } from "../errors.js";

const SPACE_FORMAT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** `created_at` on input: ISO 8601, or `YYYY-MM-DD HH:MM:SS` meaning UTC (SPEC §2); ISO UTC on output. */
export function parseInputTime(value: string | undefined, field = "created_at"): string | null {
  if (value === undefined || value === "") return null;
  const spaced = SPACE_FORMAT.exec(value);
  const text = spaced ? `${spaced[1]}T${spaced[2]}Z` : value;
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time)) {
    throw new AppError({
      code: "invalid",
      field,
      message: `${field} must be ISO 8601 or YYYY-MM-DD HH:MM:SS (UTC)`,
    });
  }
  return new Date(time).toISOString();
}
