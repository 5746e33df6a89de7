import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { PhoneContact, PhoneMessage } from "./wire.js";

/** The most messages a phone keeps: the demo runs for days without its file growing for good. */
const MESSAGES_PER_CONTACT = 200;
/** Changes made together are written together. */
const SAVE_AFTER_MS = 200;

interface SavedBook {
  contacts: PhoneContact[];
  messages: PhoneMessage[];
  /** The lived-in demo's history was posted once. */
  seeded: boolean;
}

/** A change to the book, for the live feed. */
export type BookChange =
  | { kind: "contact"; contact: PhoneContact }
  | { kind: "message"; message: PhoneMessage };

/**
 * The simulated phones: their contacts and messages, in memory and in a small JSON file in the data
 * folder, so that a restart keeps what the phones show in step with the history Tandem keeps.
 */
export class PhoneBook {
  private readonly contacts = new Map<string, PhoneContact>();
  private readonly messages = new Map<string, PhoneMessage>();
  private seeded = false;
  private saveTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(change: BookChange) => void>();

  constructor(private readonly file: string | null) {
    if (file && existsSync(file)) this.load(file);
  }

  onChange(listener: (change: BookChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  allContacts(): PhoneContact[] {
    return [...this.contacts.values()];
  }

  allMessages(): PhoneMessage[] {
    return [...this.messages.values()].sort((a, b) => a.at.localeCompare(b.at));
  }

  contact(id: string): PhoneContact | undefined {
    return this.contacts.get(id);
  }

  contactByPhone(phone: string): PhoneContact | undefined {
    return [...this.contacts.values()].find((contact) => contact.phone === phone);
  }

  message(id: string): PhoneMessage | undefined {
    return this.messages.get(id);
  }

  get wasSeeded(): boolean {
    return this.seeded;
  }

  markSeeded(): void {
    this.seeded = true;
    this.scheduleSave();
  }

  putContact(contact: PhoneContact): PhoneContact {
    this.contacts.set(contact.id, contact);
    this.changed({ kind: "contact", contact });
    return contact;
  }

  putMessage(message: PhoneMessage): PhoneMessage {
    this.messages.set(message.id, message);
    this.trim(message.contactId);
    this.changed({ kind: "message", message });
    return message;
  }

  /** Changes a message that exists; answers it changed, or undefined when there is none. */
  updateMessage(id: string, change: Partial<PhoneMessage>): PhoneMessage | undefined {
    const message = this.messages.get(id);
    if (!message) return undefined;
    return this.putMessage({ ...message, ...change });
  }

  /** Writes what is pending now (on close). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.save();
  }

  private changed(change: BookChange): void {
    this.scheduleSave();
    for (const listener of this.listeners) listener(change);
  }

  private trim(contactId: string): void {
    const own = [...this.messages.values()].filter((message) => message.contactId === contactId);
    if (own.length <= MESSAGES_PER_CONTACT) return;
    own.sort((a, b) => a.at.localeCompare(b.at));
    for (const old of own.slice(0, own.length - MESSAGES_PER_CONTACT)) this.messages.delete(old.id);
  }

  private scheduleSave(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, SAVE_AFTER_MS);
    this.saveTimer.unref();
  }

  private save(): void {
    if (!this.file) return;
    const saved: SavedBook = {
      contacts: this.allContacts(),
      messages: this.allMessages(),
      seeded: this.seeded,
    };
    mkdirSync(dirname(this.file), { recursive: true });
    // Written beside and renamed over, so a crash mid-write never leaves half a file.
    const next = `${this.file}.next`;
    writeFileSync(next, JSON.stringify(saved));
    renameSync(next, this.file);
  }

  private load(file: string): void {
    try {
      const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<SavedBook>;
      for (const contact of saved.contacts ?? []) this.contacts.set(contact.id, contact);
      for (const message of saved.messages ?? []) this.messages.set(message.id, message);
      this.seeded = saved.seeded === true;
    } catch {
      // An unreadable file starts the phones afresh; Tandem keeps the real history.
    }
  }
}
