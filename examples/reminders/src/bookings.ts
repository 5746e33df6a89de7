import { readFile } from "node:fs/promises";

/** One appointment to remind its client of. */
export interface Booking {
  /** The booking tool's own id: the reminder's idempotency key, so a restart sends nothing twice. */
  id: string;
  first_name: string;
  last_name: string | null;
  phone: string;
  /** When, as the reminder says it ("tomorrow at 3.15 pm"). */
  time: string;
  /** What for ("the car's yearly service"). */
  service: string;
  /** The client's custom fields in Tandem (a licence plate, a location). */
  attributes: Record<string, string>;
}

export class BookingsError extends Error {
  override readonly name = "BookingsError";
}

type Entry = Record<string, unknown>;

function text(entry: Entry, at: string, name: string, optional = false): string | null {
  const value = entry[name];
  if (value === undefined || value === null || value === "") {
    if (optional) return null;
    throw new BookingsError(`${at}.${name} is required`);
  }
  if (typeof value !== "string") throw new BookingsError(`${at}.${name} is a string`);
  return value.trim();
}

function attributesOf(entry: Entry, at: string): Record<string, string> {
  const value = entry.attributes;
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BookingsError(`${at}.attributes is an object of strings`);
  }
  const attributes: Record<string, string> = {};
  for (const [name, field] of Object.entries(value)) {
    if (typeof field !== "string") throw new BookingsError(`${at}.attributes.${name} is a string`);
    attributes[name] = field;
  }
  return attributes;
}

/** The bookings in a file's JSON (an array of entries), each checked, a wrong one named by its place. */
export function parseBookings(json: string): Booking[] {
  let entries: unknown;
  try {
    entries = JSON.parse(json);
  } catch (error) {
    throw new BookingsError(`the bookings are not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(entries)) throw new BookingsError("the bookings are a JSON array");
  const seen = new Set<string>();
  return entries.map((entry: unknown, index) => {
    const at = `bookings[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new BookingsError(`${at} is an object`);
    }
    const fields = entry as Entry;
    const id = text(fields, at, "id") as string;
    if (seen.has(id)) throw new BookingsError(`${at}.id ${id} is already taken by another booking`);
    seen.add(id);
    return {
      id,
      first_name: text(fields, at, "first_name") as string,
      last_name: text(fields, at, "last_name", true),
      phone: text(fields, at, "phone") as string,
      time: text(fields, at, "time") as string,
      service: text(fields, at, "service") as string,
      attributes: attributesOf(fields, at),
    };
  });
}

export async function readBookings(path: string): Promise<Booking[]> {
  let json: string;
  try {
    json = await readFile(path, "utf8");
  } catch (error) {
    throw new BookingsError(`cannot read the bookings at ${path}: ${(error as Error).message}`);
  }
  return parseBookings(json);
}
