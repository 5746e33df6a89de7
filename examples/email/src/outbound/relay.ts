import { createTransport, type Transporter } from "nodemailer";
import type SMTPConnection from "nodemailer/lib/smtp-connection/index.js";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { EmailConfig } from "../config.js";

export type Relay = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

/** The relay staff replies go out through: one connection per email, each stage bounded by the timeout. */
export function relayTransport(relay: EmailConfig["relay"]): Relay {
  return createTransport({
    host: relay.host,
    port: relay.port,
    secure: relay.secure,
    ...(relay.user ? { auth: { user: relay.user, pass: relay.password ?? "" } } : {}),
    connectionTimeout: relay.timeoutMs,
    greetingTimeout: relay.timeoutMs,
    socketTimeout: relay.timeoutMs,
    dnsTimeout: relay.timeoutMs,
  });
}

/** Why an email did not go, as Tandem's `error` carries it. */
export interface RelayFailure {
  code: string;
  message: string;
  retryable: boolean;
}

/** Tandem keeps at most this much of an error's message. */
const MAX_ERROR_MESSAGE = 2000;

/**
 * The relay's answer decides whether staff may send again: a 4xx reply is a "not now" (greylisting,
 * a full queue), as is a relay that could not be reached; a 5xx reply is final (no such mailbox,
 * refused as spam), and sending the same email again would be refused again.
 */
export function failureOf(error: unknown): RelayFailure {
  const smtp = error as SMTPConnection.SMTPError;
  const text = (smtp.response ?? (error instanceof Error ? error.message : String(error))).slice(
    0,
    MAX_ERROR_MESSAGE,
  );
  const reply = smtp.responseCode;
  if (typeof reply === "number" && reply >= 400 && reply < 600) {
    return { code: `smtp_${reply}`, message: text, retryable: reply < 500 };
  }
  return { code: (smtp.code ?? "relay_unreachable").toLowerCase(), message: text, retryable: true };
}
