import type {
  ClientMessage,
  ClientTyping,
  ContactSettings,
  ManualReceipt,
  NetworkSwitches,
  NewContact,
} from "../wire.js";

/** A request the page's API refuses, naming the field: answered 4xx. */
export class InputError extends Error {
  constructor(
    readonly status: number,
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

const PHONE = /^\+?[\d\s().-]{5,24}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(body: Body, field: string, max: number, required: true): string;
function text(body: Body, field: string, max: number, required: false): string | null;
function text(body: Body, field: string, max: number, required: boolean): string | null {
  const value = body[field];
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    if (required) throw new InputError(422, field, `${field} is required`);
    return null;
  }
  if (typeof value !== "string") throw new InputError(422, field, `${field} must be text`);
  if (value.length > max) throw new InputError(422, field, `${field} is longer than ${max} characters`);
  return value;
}

function flag(body: Body, field: string): boolean {
  const value = body[field];
  if (typeof value !== "boolean") throw new InputError(422, field, `${field} must be true or false`);
  return value;
}

export function newContact(body: Body): NewContact {
  const name = text(body, "name", 100, true).trim();
  const phone = text(body, "phone", 24, true).trim();
  if (!PHONE.test(phone) || phone.replace(/\D/g, "").length < 5) {
    throw new InputError(422, "phone", "phone must be a phone number, such as +44 7700 900123");
  }
  const email = text(body, "email", 320, false)?.trim() ?? null;
  if (email && !EMAIL.test(email)) throw new InputError(422, "email", "email must be an email address");
  return { name, phone, email };
}

export const clientMessage = (body: Body): ClientMessage => ({ text: text(body, "text", 10_000, true) });

export const clientTyping = (body: Body): ClientTyping => ({ typing: flag(body, "typing") });

export const contactSettings = (body: Body): ContactSettings => ({
  autoReceipts: flag(body, "autoReceipts"),
});

export function manualReceipt(body: Body): ManualReceipt {
  const status = body.status;
  if (status === "received" || status === "read") return { status };
  if (status === "error") return { status, retryable: flag(body, "retryable") };
  throw new InputError(422, "status", "status must be received, read or error");
}

/** The switches given; the others stay as they are. */
export function networkSwitches(body: Body): Partial<NetworkSwitches> {
  const change: Partial<NetworkSwitches> = {};
  if (body.down !== undefined) change.down = flag(body, "down");
  if (body.slow !== undefined) change.slow = flag(body, "slow");
  if (Object.keys(change).length === 0) throw new InputError(422, "down", "down or slow is required");
  return change;
}
