import { useState } from "react";
import type { ManualReceipt, PhoneMessage } from "../../src/wire.ts";
import { sandboxApi } from "./api.ts";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const day = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });

function when(at: string): string {
  const date = new Date(at);
  const today = new Date().toDateString() === date.toDateString();
  return today ? time.format(date) : `${day.format(date)}, ${time.format(date)}`;
}

/** What each status means, for the ticks' words (heard by screen readers, shown on hover). */
const CLIENT_STATUS: Record<string, string> = {
  sending: "Sending",
  pending: "Sent to the business",
  received: "Seen by the business",
  read: "Read by the business",
  not_sent: "Not sent",
};
const STAFF_STATUS: Record<string, string> = {
  pending: "Arrived",
  sent: "Arrived",
  received: "Delivered",
  read: "Read",
  error: "Failed",
};

/** One message on the phone: the client's own on the right with Tandem's ticks, staff's on the left. */
export function Bubble({
  message,
  byHand,
  onPicture,
}: {
  message: PhoneMessage;
  byHand: boolean;
  /** A picture has loaded: the log may want to scroll. */
  onPicture: () => void;
}) {
  const own = message.direction === "from_client";
  const label = (own ? CLIENT_STATUS : STAFF_STATUS)[message.status] ?? message.status;
  return (
    <article
      className={`bubble ${own ? "bubble-own" : "bubble-staff"}`}
      data-message-id={message.id}
      data-direction={message.direction}
      data-status={message.status}
    >
      {!own && message.sender && <p className="bubble-sender">{message.sender}</p>}
      <p className="bubble-text">{message.text}</p>
      {message.attachments.map((attachment) =>
        attachment.content_type.startsWith("image/") ? (
          <img
            key={attachment.url}
            className="bubble-picture"
            src={attachment.url}
            alt={attachment.name}
            onLoad={onPicture}
          />
        ) : (
          <a key={attachment.url} href={attachment.url} target="_blank" rel="noreferrer">
            {attachment.name}
          </a>
        ),
      )}
      <p className="bubble-meta">
        <time dateTime={message.at}>{when(message.at)}</time>
        <Ticks status={message.status} label={label} />
      </p>
      {message.problem && <p className="bubble-problem">{message.problem}</p>}
      {!own && byHand && <ReceiptControls message={message} />}
    </article>
  );
}

function Ticks({ status, label }: { status: string; label: string }) {
  const double = status === "received" || status === "read";
  const glyph =
    status === "sending" ? "🕓" : status === "not_sent" || status === "error" ? "!" : double ? "✓✓" : "✓";
  return (
    <span className={`ticks ticks-${status}`} title={label}>
      <span aria-hidden="true">{glyph}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

/** By hand: report the message delivered or read, or fail it, retryable or for good. */
function ReceiptControls({ message }: { message: PhoneMessage }) {
  const [problem, setProblem] = useState<string | null>(null);
  const report = (receipt: ManualReceipt) =>
    sandboxApi.receipt(message.id, receipt).then(
      () => setProblem(null),
      (error: Error) => setProblem(error.message),
    );
  const choices: { label: string; receipt: ManualReceipt; when: boolean }[] = [
    { label: "Mark delivered", receipt: { status: "received" }, when: message.status === "sent" },
    {
      label: "Mark read",
      receipt: { status: "read" },
      when: message.status === "sent" || message.status === "received",
    },
    {
      label: "Fail, retryable",
      receipt: { status: "error", retryable: true },
      when: message.status === "sent",
    },
    {
      label: "Fail for good",
      receipt: { status: "error", retryable: false },
      when: message.status === "sent",
    },
  ];
  const shown = choices.filter((choice) => choice.when);
  if (shown.length === 0) return null;
  return (
    <div className="receipt-controls">
      {shown.map((choice) => (
        <button key={choice.label} type="button" className="chip" onClick={() => void report(choice.receipt)}>
          {choice.label}
        </button>
      ))}
      {problem && (
        <span className="error" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
