import type { ThreadMessage } from "@tandem/contract";
import { memo, useState } from "react";
import { ApiError } from "../../api/http.ts";
import { ChannelBadge } from "../../ui/ChannelBadge.tsx";
import { formatClock, formatDateTime } from "../../ui/format.ts";
import { AlertIcon, RetryIcon } from "../../ui/icons.tsx";
import { Attachments } from "./Attachments.tsx";
import { linkify } from "./linkify.tsx";
import styles from "./MessageBubble.module.css";
import { StatusTicks, statusLabel } from "./StatusTicks.tsx";

function authorName(message: ThreadMessage, clientName: string): string {
  if (message.direction === "client_to_business") return clientName;
  if (message.sender?.kind === "staff") return message.sender.display_name || "Staff";
  if (message.sender?.kind === "integration")
    return `${message.sender.display_name || message.sender.app_code_name || "An integration"} (integration)`;
  return `Sent from the ${message.channel.display_name || "channel's"} app`;
}

export const MessageBubble = memo(function MessageBubble({
  message,
  startsGroup,
  clientName,
  onRetry,
}: {
  message: ThreadMessage;
  startsGroup: boolean;
  clientName: string;
  onRetry: (message: ThreadMessage) => Promise<void>;
}) {
  const outgoing = message.direction === "business_to_client";
  const author = authorName(message, clientName);
  // Set by Tandem while the message's delivery to its app is retried; the app's report clears it.
  const retrying = outgoing && message.status === "pending" && message.error?.code === "delivery_retrying";
  return (
    <article
      className={`${styles.message} ${outgoing ? styles.outgoing : styles.incoming} ${startsGroup ? styles.first : ""}`}
      data-message-uid={message.uid}
      data-status={message.status}
      data-direction={message.direction}
    >
      {startsGroup ? (
        <div className={styles.author} aria-hidden="true">
          {author}
        </div>
      ) : null}
      <div className={styles.bubble}>
        <span className="visually-hidden">
          {outgoing
            ? `${author} sent through ${message.channel.display_name}:`
            : `${author} wrote through ${message.channel.display_name}:`}
        </span>
        <p className={styles.text}>{linkify(message.message)}</p>
        <Attachments attachments={message.attachments} />
        <div className={styles.meta}>
          <ChannelBadge name={message.channel.display_name} colourKey={message.channel.uid} />
          <time dateTime={message.created_at} title={formatDateTime(message.created_at)}>
            {formatClock(message.created_at)}
          </time>
          {outgoing ? <StatusTicks status={message.status} retrying={retrying} /> : null}
        </div>
      </div>
      {outgoing && (message.status === "error" || message.status === "unavailable") ? (
        <Failure message={message} onRetry={onRetry} />
      ) : null}
      {retrying ? (
        <p className={styles.retrying} role="status">
          Not delivered yet, retrying
          <span className={styles.retryingDetail}>{retryDetail(message.error?.message)}</span>
        </p>
      ) : null}
    </article>
  );
});

/** "not delivered yet, retrying: attempt 2 answered HTTP 500" → " — attempt 2 answered HTTP 500". */
const retryDetail = (text: string | undefined) => {
  const detail = text?.replace(/^not delivered yet, retrying:?\s*/i, "");
  return detail ? ` — ${detail}` : "";
};

/** Why an outgoing message failed and, when the app said it may work later, a way to send it again. */
function Failure({
  message,
  onRetry,
}: {
  message: ThreadMessage;
  onRetry: (message: ThreadMessage) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const reason =
    message.error?.message ||
    (message.status === "unavailable"
      ? "The client can't be reached on this channel."
      : "The app could not send it.");
  const retry = async () => {
    setBusy(true);
    setRefusal(null);
    try {
      await onRetry(message);
    } catch (error) {
      setRefusal(error instanceof ApiError ? error.message : "Retrying failed.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={styles.failure} role="note">
      <AlertIcon size={16} />
      <span className={styles.failureText}>
        <strong>{statusLabel(message.status)}:</strong> {reason}
        {refusal ? <span className={styles.refusal}> {refusal}</span> : null}
      </span>
      {message.status === "error" && message.error?.retryable ? (
        <button type="button" className="btn btn-small" onClick={retry} disabled={busy}>
          <RetryIcon size={14} />
          {busy ? "Retrying…" : "Retry"}
        </button>
      ) : null}
    </div>
  );
}
