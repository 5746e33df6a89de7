import type { WebhookEvent } from "@tandem/sdk";
import type Mail from "nodemailer/lib/mailer/index.js";
import { bracketed, domainOf, isAddress } from "../addresses.js";
import type { MailIndex, MailRecord } from "../store/mail-index.js";

/** A References header stays this short: the thread's first email and its latest ones. */
const MAX_REFERENCES = 20;

export interface ReplyMail {
  options: Mail.Options;
  /** What the index keeps of it, so that the client's answer finds the conversation. */
  record: MailRecord;
}

/** "Re: " once, however many replies deep. */
export function replySubject(subject: string, fallback: string): string {
  const bare = subject.replace(/^\s*((re|aw|sv|fw|fwd)\s*:\s*)+/i, "").trim();
  return `Re: ${bare || fallback}`;
}

function referencesAfter(last: MailRecord): string[] {
  const chain = [...last.references, last.messageId];
  return chain.length <= MAX_REFERENCES ? chain : [chain[0] as string, ...chain.slice(-(MAX_REFERENCES - 1))];
}

/**
 * A staff message as an email: to where the client's latest email asked replies to go, answering
 * it (In-Reply-To, References, "Re: " subject) so mail programs thread it; its Message-ID made of
 * Tandem's uid of the message, so the client's answer comes back to this conversation. Undefined
 * when the session's external_uid is no address to send to.
 */
export function replyMail(
  event: WebhookEvent<"message.created">,
  channel: { address: string; displayName: string },
  index: MailIndex,
): ReplyMail | undefined {
  const last = index.lastIncomingOf(event.external_uid);
  const to = last?.replyTo ?? event.external_uid;
  if (!isAddress(to)) return undefined;
  const messageId = `${event.message_uid}@${domainOf(channel.address)}`;
  const subject = last ? replySubject(last.subject, channel.displayName) : channel.displayName;
  const references = last ? referencesAfter(last) : [];
  return {
    options: {
      from: { name: event.sender.display_name ?? channel.displayName, address: channel.address },
      to,
      subject,
      text: event.message,
      messageId: bracketed(messageId),
      ...(last ? { inReplyTo: bracketed(last.messageId), references: references.map(bracketed) } : {}),
      // Tandem hands the files as URLs: the relay's email carries them, fetched as it is built.
      attachments: event.attachments.map((file) => ({
        path: file.url,
        ...(file.name ? { filename: file.name } : {}),
        ...(file.content_type ? { contentType: file.content_type } : {}),
      })),
    },
    record: {
      messageId,
      externalUid: event.external_uid,
      subject,
      references: last ? references : [],
      direction: "outgoing",
    },
  };
}
