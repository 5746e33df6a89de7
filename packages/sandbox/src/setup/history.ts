import type { TandemDirectory } from "@tandem/sdk";
import type { PhoneBook } from "../phone-book.js";
import type { Connection, PhoneNetwork } from "../phone-network.js";
import type { NewContact, PhoneAttachment } from "../wire.js";

interface PastMessage {
  /** Minutes before the first start. */
  minutesAgo: number;
  from: "client" | "business";
  text: string;
  attachment?: Omit<PhoneAttachment, "url"> & { path: string };
}

interface PastConversation {
  key: string;
  contact: NewContact;
  messages: PastMessage[];
  /** Staff have not read it yet: the inbox shows it unread. */
  unread?: boolean;
}

const DAY = 24 * 60;

/** The lived-in demo: a few clients with a short history, so a newcomer's inbox is not empty. */
export const PAST_CONVERSATIONS: PastConversation[] = [
  {
    key: "clara",
    contact: { name: "Clara Jones", phone: "+447700900123", email: "clara.jones@example.com" },
    messages: [
      { minutesAgo: 2 * DAY + 50, from: "client", text: "Hi! Do you deliver on Saturdays?" },
      {
        minutesAgo: 2 * DAY + 42,
        from: "business",
        text: "We do, between 9 and 12. Shall I book you in for this Saturday?",
      },
      {
        minutesAgo: 2 * DAY + 38,
        from: "client",
        text: "Yes please! Here's our gate, so the driver finds it.",
        attachment: { path: "gate.svg", content_type: "image/svg+xml", name: "gate.svg", size: 1024 },
      },
      { minutesAgo: 2 * DAY + 30, from: "business", text: "Got it: you're booked for Saturday morning." },
    ],
  },
  {
    key: "marco",
    contact: { name: "Marco Rossi", phone: "+393491234567", email: null },
    messages: [
      { minutesAgo: DAY + 15, from: "client", text: "Is order 4821 ready to collect?" },
      { minutesAgo: DAY + 9, from: "business", text: "Yes, it's at the front desk until 6 pm." },
      { minutesAgo: DAY + 7, from: "client", text: "Perfect, thanks!" },
    ],
  },
  {
    key: "aiko",
    contact: { name: "Aiko Tanaka", phone: "+819012345678", email: "aiko.tanaka@example.jp" },
    messages: [{ minutesAgo: 20, from: "client", text: "Hello, could I move my booking to Friday?" }],
    unread: true,
  },
];

export interface HistorySetup {
  book: PhoneBook;
  network: PhoneNetwork;
  connection: Connection;
  directory: TandemDirectory;
  /** Where Tandem is, for the page's call the demo makes as its admin. */
  tandemUrl: string;
  businessUid: string;
  /** Where the sandbox serves its media, for the attachment's URL. */
  mediaUrl: string;
  now?: Date;
}

/**
 * Posts the demo's history once, through the public API: incoming and outgoing messages with their
 * time in the past (outgoing ones as the app records what the business sent from the network itself),
 * then, as the demo's admin, reads every conversation but the one left unread. Safe to run again:
 * each message has a fixed message_uid, and Tandem answers a repeat with the first.
 */
export async function postHistory(setup: HistorySetup): Promise<void> {
  const { book, network, connection } = setup;
  const now = (setup.now ?? new Date()).getTime();
  const toRead: string[] = [];
  for (const conversation of PAST_CONVERSATIONS) {
    const contact = network.addContact(conversation.contact);
    let clientUid: string | null = null;
    for (const [index, past] of conversation.messages.entries()) {
      const at = new Date(now - past.minutesAgo * 60_000).toISOString();
      const attachments = past.attachment
        ? [
            {
              url: `${setup.mediaUrl}/${past.attachment.path}`,
              content_type: past.attachment.content_type,
              name: past.attachment.name,
              size: past.attachment.size,
            },
          ]
        : [];
      const { message } = await connection.api.messages.create({
        channel_uid: connection.channelUid,
        external_uid: contact.phone,
        message: past.text,
        message_uid: `seed-${conversation.key}-${index + 1}`,
        created_at: at,
        direction: past.from === "client" ? "client_to_business" : "business_to_client",
        contact: network.contactFields(contact),
        attachments,
      });
      network.knowSession(message.session_uid, contact.phone);
      clientUid ??= (await connection.api.sessions.get(message.session_uid)).session.contact_uid;
      // What the business sent from the network itself was read long ago: the ticks say so.
      if (past.from === "business") {
        await connection.api.messages.reportStatus(message.message_uid, {
          channel_uid: connection.channelUid,
          status: "read",
        });
      }
      if (!book.message(message.message_uid)) {
        book.putMessage({
          id: message.message_uid,
          contactId: contact.id,
          direction: past.from === "client" ? "from_client" : "to_client",
          text: past.text,
          attachments: attachments.map((attachment) => ({ ...attachment })),
          at,
          status: past.from === "client" ? "pending" : "read",
          sender: past.from === "client" ? null : "Demo Business",
          problem: null,
        });
      }
    }
    if (!conversation.unread && clientUid) toRead.push(clientUid);
  }
  await readAsStaff(setup, toRead);
  book.markSeeded();
}

/**
 * The demo's admin opens the conversations that should not show as unread: the page's own call
 * (no SDK covers the staff's API), with a token the directory mints for them.
 */
async function readAsStaff(setup: HistorySetup, clientUids: string[]): Promise<void> {
  const { staffs } = await setup.directory.staff.list(setup.businessUid);
  const admin = staffs.find((member) => member.role === "admin");
  if (!admin || clientUids.length === 0) return;
  const { token } = await setup.directory.tokens.mint({ staff_uid: admin.uid });
  for (const clientUid of clientUids) {
    const answer = await fetch(`${setup.tandemUrl}/api/conversations/${clientUid}/read`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    if (!answer.ok) throw new Error(`reading the demo's history as its admin: ${answer.status}`);
  }
}
