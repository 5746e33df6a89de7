import { useLive } from "../../state/live-context.tsx";
import { useStore } from "../../state/store.ts";
import styles from "./TypingIndicator.module.css";

/** "Clara is typing…" in a slot that is always there, so showing it moves nothing. */
export function TypingIndicator({ clientUid, clientName }: { clientUid: string; clientName: string }) {
  const { typing } = useLive();
  const isTyping = useStore(typing, (state) => state.has(clientUid));
  return (
    <div className={styles.slot} aria-live="polite">
      {isTyping ? (
        <span className={styles.typing} data-testid="client-typing">
          <span className={styles.dots} aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {clientName} is typing…
        </span>
      ) : null}
    </div>
  );
}
