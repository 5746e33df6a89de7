import { TandemError } from "@tandem/sdk";
import { simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerOptions } from "smtp-server";
import { normalizeAddress } from "../addresses.js";
import type { Logger } from "../logger.js";
import { type IncomingMailParts, MailRefused, postIncomingMail } from "./incoming-mail.js";

export interface SmtpListenerOptions {
  address: string;
  maxMessageBytes: number;
  /** PEM key and certificate for STARTTLS; without them the listener offers none. */
  tls?: { key: Buffer; cert: Buffer } | undefined;
  logger: Logger;
}

/** An SMTP refusal: smtp-server answers an error's `responseCode` with its message. */
function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * What the sending server hears when an email could not be handed to Tandem: 4xx (it keeps the
 * email and tries again later) unless Tandem refused the message itself, which no retry mends.
 */
export function refusalOf(error: unknown): Error {
  if (error instanceof MailRefused) return smtpError(error.responseCode, error.message);
  const refusedForGood =
    error instanceof TandemError &&
    error.status === 422 &&
    error.field !== "channel_uid" &&
    error.field !== "external_uid";
  return refusedForGood
    ? smtpError(554, `5.6.0 Tandem refused the message: ${error.message}`)
    : smtpError(451, "4.3.0 the message could not be delivered now; try again later");
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The channel's inbound door: an SMTP server that takes mail for the channel's address only
 * (it relays nothing) and answers the DATA command once Tandem holds the message, so a sender
 * is told "accepted" only for mail that is safe.
 */
export function smtpListener(parts: IncomingMailParts, options: SmtpListenerOptions): SMTPServer {
  const serverOptions: SMTPServerOptions = {
    logger: false,
    size: options.maxMessageBytes,
    authOptional: true,
    disabledCommands: options.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(options.tls ?? {}),
    onRcptTo(recipient, _session, callback) {
      if (normalizeAddress(recipient.address) === options.address) return callback();
      callback(smtpError(550, `5.1.1 <${recipient.address}>: no such mailbox here`));
    },
    onData(stream, session, callback) {
      const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
      readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) throw new MailRefused(552, "5.3.4 the message is larger than allowed");
          await postIncomingMail(parts, raw, await simpleParser(raw), sender || undefined);
        })
        .then(
          () => callback(),
          (error: unknown) => {
            if (!(error instanceof MailRefused)) options.logger.error("incoming email not taken", { error });
            callback(refusalOf(error));
          },
        );
    },
  };
  return new SMTPServer(serverOptions);
}
