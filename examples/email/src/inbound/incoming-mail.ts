import { createHash } from "node:crypto";
import type { Attachment } from "@tandem/contract";
import { type CommunicationApi, TandemError } from "@tandem/sdk";
import type { AddressObject, ParsedMail } from "mailparser";
import { bareMessageId, domainOf, isAddress, messageIdsIn, normalizeAddress } from "../addresses.js";
import type { AttachmentStore } from "../store/attachment-store.js";
import type { MailIndex } from "../store/mail-index.js";
import { contactOf } from "./contact.js";
import { messageText } from "./mail-text.js";

/** An email the channel will not take: answered with this SMTP code, so the sender knows. */
export class MailRefused extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface IncomingMailParts {
  api: CommunicationApi;
  index: MailIndex;
  attachments: AttachmentStore;
  /** The channel's address: the Message-ID of an email that has none is made under its domain. */
  address: string;
  channelUid: string;
}

/** One Tandem message carries at most this many attachments (the contract's `maxItems`). */
const MAX_ATTACHMENTS = 20;
/** The longest message_uid Tandem takes. */
const MAX_MESSAGE_UID = 255;

const firstAddress = (field: AddressObject | AddressObject[] | undefined) => {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => object.value).find((each) => each.address && isAddress(each.address));
};

/**
 * An email to the channel's address, into Tandem: the client by the sender's address, the
 * conversation by In-Reply-To/References (an answer to an email the channel knows goes to that
 * email's session, whichever address it comes from), the Message-ID as message_uid (so a
 * redelivered email is the same message), the files kept and linked.
 */
export async function postIncomingMail(
  parts: IncomingMailParts,
  raw: Buffer,
  mail: ParsedMail,
  envelopeSender: string | undefined,
): Promise<void> {
  const from = firstAddress(mail.from);
  const senderAddress = from?.address ?? envelopeSender;
  if (!senderAddress || !isAddress(senderAddress)) {
    throw new MailRefused(550, "5.1.7 the email names no sender address to answer");
  }
  const sender = normalizeAddress(senderAddress);
  const messageId =
    bareMessageId(mail.messageId) ??
    `${createHash("sha256").update(raw).digest("hex").slice(0, 40)}@${domainOf(parts.address)}`;
  const inReplyTo = messageIdsIn(mail.inReplyTo);
  const references = messageIdsIn(mail.references);
  const parents = [...inReplyTo, ...[...references].reverse()];
  const thread = parts.index.threadOf(parents);

  const files = mail.attachments.slice(0, MAX_ATTACHMENTS);
  const attachments: Attachment[] = [];
  for (const [place, file] of files.entries()) {
    attachments.push(
      await parts.attachments.save(messageId, place, {
        content: file.content,
        filename: file.filename,
        contentType: file.contentType,
      }),
    );
  }
  const subject = mail.subject ?? "";
  const message = messageText({
    subject,
    text: mail.text ?? "",
    startsThread: thread === undefined,
    leftOutFiles: mail.attachments
      .slice(MAX_ATTACHMENTS)
      .map((file, place) => file.filename ?? `#${MAX_ATTACHMENTS + place + 1}`),
  });
  const body = {
    channel_uid: parts.channelUid,
    message_uid: messageId.length <= MAX_MESSAGE_UID ? messageId : `sha256:${sha256(messageId)}`,
    message,
    attachments,
    contact: contactOf(sender, from?.name),
  };
  const externalUid = await post(parts.api, body, thread?.externalUid ?? sender);

  const replyTo = firstAddress(mail.replyTo)?.address;
  await parts.index.remember({
    messageId,
    externalUid,
    subject,
    references: references.length > 0 ? references : inReplyTo,
    direction: "incoming",
    replyTo: replyTo ? normalizeAddress(replyTo) : sender,
  });
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

type MessageBody = Omit<Parameters<CommunicationApi["messages"]["create"]>[0], "external_uid">;

/**
 * Posts the message under the session of `externalUid`, answering the external_uid it went
 * under: when Tandem finds the sender to be a client who already has a session on the channel
 * under another one (an address staff gave the client, say), the message goes to that session.
 */
async function post(api: CommunicationApi, body: MessageBody, externalUid: string): Promise<string> {
  try {
    await api.messages.create({ ...body, external_uid: externalUid });
    return externalUid;
  } catch (error) {
    if (!(error instanceof TandemError) || error.code !== "already_exists" || !error.existingUid) throw error;
    const { session } = await api.sessions.get(error.existingUid);
    await api.messages.create({ ...body, external_uid: session.external_uid });
    return session.external_uid;
  }
}
