import type { CommunicationApi } from "@tandem/sdk";
import type { PhoneBook } from "./phone-book.js";
import type { ManualReceipt, PhoneMessageStatus } from "./wire.js";

/** How long a phone takes to report a staff message delivered, then read, on its own. */
export interface ReceiptDelays {
  deliveredMs: number;
  readMs: number;
}

export const DEFAULT_RECEIPT_DELAYS: ReceiptDelays = { deliveredMs: 1_000, readMs: 2_500 };

const ORDER: PhoneMessageStatus[] = ["sent", "received", "read"];

type Report = { status: "sent" | "received" | "read" } | { status: "error"; retryable: boolean };

/**
 * What the phones report to Tandem about the messages staff sent: `sent` as one arrives, then
 * `received` and `read` after a short delay, or by hand; "fail this one" as `error`. A message's
 * reports go one after another, so Tandem hears them in order.
 */
export class Receipts {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly book: PhoneBook,
    private readonly api: () => { api: CommunicationApi; channelUid: string } | null,
    private readonly delays: ReceiptDelays,
    private readonly onProblem: (error: unknown) => void,
  ) {}

  /** A staff message reached the phone: `sent` now, then delivered and read when the phone does that itself. */
  arrived(messageId: string): void {
    this.report(messageId, { status: "sent" });
    const contact = this.contactOf(messageId);
    if (!contact?.autoReceipts) return;
    this.later(this.delays.deliveredMs, () => {
      this.report(messageId, { status: "received" });
      this.later(this.delays.readMs, () => {
        if (this.contactOf(messageId)?.autoReceipts) this.report(messageId, { status: "read" });
      });
    });
  }

  /** The person's own report: delivered, read, or "fail this one". */
  byHand(messageId: string, receipt: ManualReceipt): Promise<void> {
    return this.report(messageId, receipt);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private contactOf(messageId: string) {
    const message = this.book.message(messageId);
    return message ? this.book.contact(message.contactId) : undefined;
  }

  private later(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private report(messageId: string, report: Report): Promise<void> {
    const previous = this.queues.get(messageId) ?? Promise.resolve();
    const next = previous.then(() => this.send(messageId, report)).catch(this.onProblem);
    this.queues.set(messageId, next);
    void next.then(() => {
      if (this.queues.get(messageId) === next) this.queues.delete(messageId);
    });
    return next;
  }

  private async send(messageId: string, report: Report): Promise<void> {
    const message = this.book.message(messageId);
    const connection = this.api();
    if (!message || message.direction !== "to_client" || !connection) return;
    // Statuses move only forward; an error follows only sent (SPEC §5).
    if (
      report.status === "error" ? message.status !== "sent" : !movesForward(message.status, report.status)
    ) {
      return;
    }
    await connection.api.messages.reportStatus(messageId, {
      channel_uid: connection.channelUid,
      ...(report.status === "error"
        ? {
            status: "error",
            error: {
              code: report.retryable ? "phone_unreachable" : "number_not_in_service",
              message: report.retryable ? "The phone could not be reached" : "The number is not in service",
              retryable: report.retryable,
            },
          }
        : { status: report.status }),
    });
    this.book.updateMessage(messageId, {
      status: report.status,
      problem:
        report.status === "error" ? (report.retryable ? "Failed, retryable" : "Failed for good") : null,
    });
  }
}

function movesForward(from: PhoneMessageStatus, to: PhoneMessageStatus): boolean {
  if (from === "error") return to === "sent";
  return ORDER.indexOf(to) > ORDER.indexOf(from);
}
