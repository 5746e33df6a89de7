import { randomUUID } from "node:crypto";
import { type CommunicationApi, TandemError, type WebhookEvent, type WebhookHandlers } from "@tandem/sdk";
import type { PhoneBook } from "./phone-book.js";
import type { Receipts } from "./receipts.js";
import type { FeedEvent, NewContact, PhoneContact, PhoneMessage } from "./wire.js";

/** Where the app reaches Tandem once it is set up: the SDK's calls for the demo business, and its channel. */
export interface Connection {
  api: CommunicationApi;
  channelUid: string;
}

/** The app's own id for a contact on its network: the phone number, digits and a leading +. */
export const externalUidOf = (phone: string) => phone.replace(/[^\d+]/g, "");

function nameParts(name: string): { first_name: string; last_name?: string } {
  const [first = name, ...rest] = name.trim().split(/\s+/);
  return rest.length ? { first_name: first, last_name: rest.join(" ") } : { first_name: first };
}

/** Why Tandem refused a message, in its own words. */
const describe = (error: unknown) =>
  error instanceof TandemError ? (error.errors[0]?.message ?? error.code) : "Tandem could not be reached";

/**
 * The simulated network between the phones and Tandem: what a client does on their phone goes to
 * Tandem through the SDK, and what Tandem's webhooks say reaches the phones.
 */
export class PhoneNetwork {
  private connection: Connection | null = null;
  /** Tandem's sessions by uid, to the phone they belong to (typing webhooks name only the session). */
  private readonly phoneOfSession = new Map<string, string>();

  constructor(
    private readonly book: PhoneBook,
    private readonly receipts: Receipts,
    private readonly publish: (event: FeedEvent) => void,
  ) {}

  connect(connection: Connection): void {
    this.connection = connection;
  }

  get connected(): Connection | null {
    return this.connection;
  }

  addContact(input: NewContact): PhoneContact {
    const phone = externalUidOf(input.phone);
    const known = this.book.contactByPhone(phone);
    if (known) return known;
    return this.book.putContact({
      id: `c-${randomUUID()}`,
      name: input.name.trim(),
      phone,
      email: input.email?.trim() || null,
      autoReceipts: true,
    });
  }

  setAutoReceipts(contact: PhoneContact, autoReceipts: boolean): PhoneContact {
    return this.book.putContact({ ...contact, autoReceipts });
  }

  /** The client writes: the app posts it to Tandem, naming the contact so an open channel finds or makes the client. */
  async clientWrites(contact: PhoneContact, text: string, at = new Date()): Promise<PhoneMessage> {
    const connection = this.requireConnection();
    const message = this.book.putMessage({
      id: `sbx-${randomUUID()}`,
      contactId: contact.id,
      direction: "from_client",
      text,
      attachments: [],
      at: at.toISOString(),
      status: "sending",
      sender: null,
      problem: null,
    });
    try {
      const { message: posted } = await connection.api.messages.create({
        channel_uid: connection.channelUid,
        external_uid: contact.phone,
        message: text,
        message_uid: message.id,
        contact: this.contactFields(contact),
      });
      this.phoneOfSession.set(posted.session_uid, contact.phone);
      // A status webhook may have come first: only a message still on its way becomes pending.
      const now = this.book.message(message.id);
      return now?.status === "sending"
        ? (this.book.updateMessage(message.id, { status: "pending" }) ?? message)
        : (now ?? message);
    } catch (error) {
      return this.book.updateMessage(message.id, { status: "not_sent", problem: describe(error) }) ?? message;
    }
  }

  async clientTyping(contact: PhoneContact, typing: boolean): Promise<void> {
    const connection = this.requireConnection();
    await connection.api.typing({ channel_uid: connection.channelUid, external_uid: contact.phone, typing });
  }

  contactFields(contact: PhoneContact) {
    return {
      ...nameParts(contact.name),
      phone: contact.phone,
      ...(contact.email ? { email: contact.email } : {}),
    };
  }

  /** Remembers which phone a session of Tandem's is. */
  knowSession(sessionUid: string, phone: string): void {
    this.phoneOfSession.set(sessionUid, phone);
  }

  /** The app's answers to Tandem's webhooks, for the SDK's handler. */
  readonly webhooks: WebhookHandlers = {
    onOutgoingMessage: (event) => this.staffWrote(event),
    onMessageStatus: (event) => {
      const message = this.book.message(event.message_uid);
      if (message?.direction !== "from_client") return;
      if (event.status === "received" || event.status === "read") {
        if (message.status === "read") return;
        this.book.updateMessage(message.id, { status: event.status });
      }
    },
    onTyping: async (event) => {
      const contact = await this.contactOfSession(event.session_uid);
      if (contact) this.publish({ type: "typing", contactId: contact.id, typing: event.typing });
    },
  };

  private staffWrote(event: WebhookEvent<"message.created">): void {
    const contact =
      this.book.contactByPhone(event.external_uid) ?? this.unknownCaller(event.external_uid, event.contact);
    this.phoneOfSession.set(event.session_uid, contact.phone);
    const known = this.book.message(event.message_uid);
    this.book.putMessage({
      id: event.message_uid,
      contactId: contact.id,
      direction: "to_client",
      text: event.message,
      attachments: event.attachments.map((attachment) => ({
        url: attachment.url,
        content_type: attachment.content_type ?? "application/octet-stream",
        name: attachment.name ?? "attachment",
        size: attachment.size ?? 0,
      })),
      at: known?.at ?? event.created_at,
      // Sent again after a failure: it arrives afresh.
      status: "pending",
      sender: event.sender.display_name,
      problem: null,
    });
    // Staff stop typing as they send.
    this.publish({ type: "typing", contactId: contact.id, typing: false });
    this.receipts.arrived(event.message_uid);
  }

  /**
   * A number no phone here has: a client the business reached first (an integration's message on
   * the open channel, which names them) or one whose phone was cleared. A phone for it.
   */
  private unknownCaller(phone: string, named: WebhookEvent<"message.created">["contact"]): PhoneContact {
    const name = named ? [named.first_name, named.last_name].filter(Boolean).join(" ") : "";
    return this.addContact({ name: name || phone, phone, email: named?.email ?? null });
  }

  private async contactOfSession(sessionUid: string): Promise<PhoneContact | undefined> {
    let phone = this.phoneOfSession.get(sessionUid);
    if (!phone && this.connection) {
      const { session } = await this.connection.api.sessions.get(sessionUid);
      phone = session.external_uid;
      this.phoneOfSession.set(sessionUid, phone);
    }
    return phone ? this.book.contactByPhone(phone) : undefined;
  }

  private requireConnection(): Connection {
    if (!this.connection) throw new NotReady();
    return this.connection;
  }
}

/** The app is not set up yet (Tandem is starting, or refused it). */
export class NotReady extends Error {
  constructor() {
    super("the sandbox is not connected to Tandem yet");
  }
}
