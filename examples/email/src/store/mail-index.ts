import { join } from "node:path";
import { JsonlLog } from "./jsonl-log.js";

/** One email the channel saw, in or out: what a later email needs to thread with it. */
export interface MailRecord {
  /** The Message-ID, without its angle brackets. */
  messageId: string;
  /** The session's external_uid: the client address the conversation runs under. */
  externalUid: string;
  subject: string;
  /** The message's own References (oldest first), not counting itself. */
  references: string[];
  direction: "incoming" | "outgoing";
  /** Incoming: where a reply goes (Reply-To, else From). */
  replyTo?: string;
}

/** How a staff message's delivery ended: reported again, never sent again, when Tandem repeats the webhook. */
export interface SendOutcome {
  /** The webhook-id: the same on Tandem's retries of one delivery, new when staff retry the message. */
  deliveryId: string;
  status: "sent" | "error";
  error?: { code: string; message: string; retryable: boolean };
}

type Entry = { mail: MailRecord } | { outcome: SendOutcome };

/**
 * The channel's memory of its emails (kept in `threads.jsonl` under the data folder): which
 * conversation each Message-ID belongs to, each client's last email, and how each delivery of a
 * staff message ended.
 */
export class MailIndex {
  private readonly mails = new Map<string, MailRecord>();
  private readonly lastIncoming = new Map<string, MailRecord>();
  private readonly outcomes = new Map<string, SendOutcome>();
  private readonly log: JsonlLog<Entry>;

  constructor(dataDir: string) {
    this.log = new JsonlLog(join(dataDir, "threads.jsonl"));
    for (const entry of this.log.readAll()) this.apply(entry);
  }

  /** The conversation an email continues: the first parent the index knows, nearest first. */
  threadOf(parentIds: readonly string[]): MailRecord | undefined {
    for (const id of parentIds) {
      const known = this.mails.get(id);
      if (known) return known;
    }
    return undefined;
  }

  /** The client's latest email in the conversation: a staff reply answers it. */
  lastIncomingOf(externalUid: string): MailRecord | undefined {
    return this.lastIncoming.get(externalUid);
  }

  outcomeOf(deliveryId: string): SendOutcome | undefined {
    return this.outcomes.get(deliveryId);
  }

  remember(mail: MailRecord): Promise<void> {
    return this.record({ mail });
  }

  rememberOutcome(outcome: SendOutcome): Promise<void> {
    return this.record({ outcome });
  }

  flush(): Promise<void> {
    return this.log.flush();
  }

  private record(entry: Entry): Promise<void> {
    this.apply(entry);
    return this.log.append(entry);
  }

  private apply(entry: Entry): void {
    if ("outcome" in entry) {
      this.outcomes.set(entry.outcome.deliveryId, entry.outcome);
      return;
    }
    const { mail } = entry;
    this.mails.set(mail.messageId, mail);
    if (mail.direction === "incoming") this.lastIncoming.set(mail.externalUid, mail);
  }
}
