import type { ThreadMessage } from "@tandem/contract";
import { useLayoutEffect, useMemo, useRef } from "react";
import { formatDay } from "../../ui/format.ts";
import { ArrowDownIcon, ChatIcon } from "../../ui/icons.tsx";
import { EmptyState, ErrorNotice } from "../../ui/Notice.tsx";
import { MessageBubble } from "./MessageBubble.tsx";
import styles from "./MessageList.module.css";
import { OutboxBubble } from "./OutboxBubble.tsx";
import { TypingIndicator } from "./TypingIndicator.tsx";
import type { ThreadState } from "./thread-store.ts";
import { buildTimeline } from "./timeline.ts";
import { useThreadScroll } from "./use-thread-scroll.ts";

export interface MessageListActions {
  reload: () => void;
  loadOlder: () => void;
  retry: (message: ThreadMessage) => Promise<void>;
  resend: (localId: string) => void;
  discard: (localId: string) => void;
}

export function MessageList({
  thread,
  clientUid,
  clientName,
  actions,
}: {
  thread: ThreadState;
  clientUid: string;
  clientName: string;
  actions: MessageListActions;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const timeline = useMemo(() => buildTimeline(thread.messages), [thread.messages]);
  const first = thread.messages[0]?.uid ?? null;
  const last = thread.outbox.at(-1)?.localId ?? thread.messages.at(-1)?.uid ?? null;
  const canLoadOlder = thread.hasMore && !thread.loadingOlder && !thread.olderError;
  const { measure, scrollToEnd, atBottom, unseen } = useThreadScroll(scroller, content, first, last, () => {
    if (canLoadOlder) actions.loadOlder();
  });

  // Writing a message always brings the reader to the end, where it appears.
  const outboxSize = thread.outbox.length;
  const previousOutboxSize = useRef(outboxSize);
  useLayoutEffect(() => {
    if (outboxSize > previousOutboxSize.current) scrollToEnd();
    previousOutboxSize.current = outboxSize;
  }, [outboxSize, scrollToEnd]);

  if (thread.status === "loading") return <ThreadSkeleton />;
  if (thread.status === "error")
    return (
      <ErrorNotice
        message={thread.error ?? "The conversation could not be loaded."}
        onRetry={actions.reload}
      />
    );

  return (
    <div className={styles.frame}>
      <div
        ref={scroller}
        className={styles.scroller}
        onScroll={measure}
        role="log"
        aria-label={`Messages with ${clientName}`}
        aria-relevant="additions"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
      >
        <div ref={content} className={styles.content}>
          <div className={styles.history}>
            {thread.loadingOlder ? (
              <span className={styles.spinner} role="status">
                <span className="visually-hidden">Loading earlier messages…</span>
              </span>
            ) : thread.olderError ? (
              <button type="button" className="btn btn-small" onClick={actions.loadOlder}>
                Couldn't load earlier messages. Try again
              </button>
            ) : thread.hasMore ? (
              <button type="button" className="btn btn-ghost btn-small" onClick={actions.loadOlder}>
                Load earlier messages
              </button>
            ) : thread.messages.length > 0 ? (
              <span className={styles.start}>This is the start of your conversation with {clientName}.</span>
            ) : null}
          </div>
          {thread.messages.length === 0 && thread.outbox.length === 0 ? (
            <EmptyState icon={<ChatIcon size={26} />} title="No messages yet">
              <p>Say hello to {clientName} through one of your channels below.</p>
            </EmptyState>
          ) : null}
          {timeline.map((item) =>
            item.kind === "day" ? (
              <div key={item.key} className={styles.day}>
                <span>{formatDay(item.at)}</span>
              </div>
            ) : (
              <MessageBubble
                key={item.key}
                message={item.message}
                startsGroup={item.startsGroup}
                clientName={clientName}
                onRetry={actions.retry}
              />
            ),
          )}
          {thread.outbox.map((entry) => (
            <OutboxBubble
              key={entry.localId}
              entry={entry}
              onResend={() => actions.resend(entry.localId)}
              onDiscard={() => actions.discard(entry.localId)}
            />
          ))}
          <TypingIndicator clientUid={clientUid} clientName={clientName} />
        </div>
      </div>
      {!atBottom ? (
        <button type="button" className={styles.jump} onClick={scrollToEnd}>
          <ArrowDownIcon size={16} />
          {unseen > 0 ? `${unseen} new ${unseen === 1 ? "message" : "messages"}` : "Latest"}
        </button>
      ) : null}
    </div>
  );
}

function ThreadSkeleton() {
  return (
    <div className={styles.skeleton} aria-busy="true">
      <span className="visually-hidden">Loading the conversation…</span>
      {[220, 320, 180, 260, 200].map((width, index) => (
        <span
          key={width}
          className={`skeleton ${index % 2 ? styles.skeletonOut : ""}`}
          style={{ width, height: 44, borderRadius: 16 }}
        />
      ))}
    </div>
  );
}
