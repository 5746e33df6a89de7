// What the sandbox's page and its server side share: the phones' model, the page's API and its live
// feed. Types only, so the page's bundle carries none of the server side.

/** A simulated client phone: the person the business talks to. */
export interface PhoneContact {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  /** The phone reports delivered, then read, on its own; when false, by hand. */
  autoReceipts: boolean;
}

export interface PhoneAttachment {
  url: string;
  content_type: string;
  name: string;
  size: number;
}

/**
 * Where a message stands as the phone sees it. The client's own: `sending` (on its way to Tandem),
 * `pending` (Tandem has it), `received` (staff saw it), `read`, or `not_sent` (Tandem refused it).
 * Staff's, as the phone reported them: `sent` (it arrived), `received` (delivered), `read`, `error`.
 */
export type PhoneMessageStatus = "sending" | "pending" | "sent" | "received" | "read" | "error" | "not_sent";

export interface PhoneMessage {
  /** The client's: the app's own message_uid. Staff's: Tandem's uid of it. */
  id: string;
  contactId: string;
  direction: "from_client" | "to_client";
  text: string;
  attachments: PhoneAttachment[];
  at: string;
  status: PhoneMessageStatus;
  /** Who wrote it, for staff's messages. */
  sender: string | null;
  /** Why it failed, when it did. */
  problem: string | null;
}

/** The failure switches of the network between Tandem and the phones. */
export interface NetworkSwitches {
  /** Tandem's webhooks are answered 503. */
  down: boolean;
  /** Tandem's webhooks are answered after a delay. */
  slow: boolean;
}

export interface SandboxStatus {
  /** Registered, installed and its channel active: the phones can write. */
  ready: boolean;
  /** What keeps it from being ready, in words. */
  problem: string | null;
  channelStatus: string | null;
}

export interface SandboxState {
  status: SandboxStatus;
  network: NetworkSwitches;
  contacts: PhoneContact[];
  messages: PhoneMessage[];
}

/** One event of the page's live feed (server-sent events, each `data:` one of these). */
export type FeedEvent =
  | { type: "state"; state: SandboxState }
  | { type: "status"; status: SandboxStatus }
  | { type: "network"; network: NetworkSwitches }
  | { type: "contact"; contact: PhoneContact }
  | { type: "message"; message: PhoneMessage }
  | { type: "typing"; contactId: string; typing: boolean };

/** What the page sends. */
export interface NewContact {
  name: string;
  phone: string;
  email?: string | null;
}
export interface ClientMessage {
  text: string;
}
export interface ClientTyping {
  typing: boolean;
}
/** A receipt the person reports by hand for a staff message. */
export type ManualReceipt = { status: "received" | "read" } | { status: "error"; retryable: boolean };
export interface ContactSettings {
  autoReceipts: boolean;
}

/** The page's API answers errors as `{error: {field, message}}`. */
export interface SandboxError {
  error: { field: string | null; message: string };
}
