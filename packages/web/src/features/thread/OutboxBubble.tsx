import { ChannelBadge } from "../../ui/ChannelBadge.tsx";
import { formatClock } from "../../ui/format.ts";
import { AlertIcon } from "../../ui/icons.tsx";
import styles from "./MessageBubble.module.css";
import { StatusTicks } from "./StatusTicks.tsx";
import type { OutboxEntry } from "./thread-store.ts";

/** A message on its way to Tandem (or refused by it), drawn where it will land. */
export function OutboxBubble({
  entry,
  onResend,
  onDiscard,
}: {
  entry: OutboxEntry;
  onResend: () => void;
  onDiscard: () => void;
}) {
  return (
    <article
      className={`${styles.message} ${styles.outgoing}`}
      data-local-id={entry.localId}
      data-state={entry.state}
    >
      <div className={styles.bubble}>
        <p className={styles.text}>{entry.text}</p>
        <div className={styles.meta}>
          <ChannelBadge name={entry.channel.display_name} colourKey={entry.channel.uid} />
          <time dateTime={entry.createdAt}>{formatClock(entry.createdAt)}</time>
          <StatusTicks status={entry.state === "failed" ? "error" : "pending"} />
        </div>
      </div>
      {entry.state === "failed" ? (
        <div className={styles.failure} role="alert">
          <AlertIcon size={16} />
          <span className={styles.failureText}>
            <strong>Not sent:</strong> {entry.error}
          </span>
          <button type="button" className="btn btn-small" onClick={onResend}>
            Try again
          </button>
          <button type="button" className="btn btn-small btn-ghost" onClick={onDiscard}>
            Discard
          </button>
        </div>
      ) : null}
    </article>
  );
}
