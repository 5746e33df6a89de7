import type { Conversation } from "@tandem/contract";
import { memo } from "react";
import { Link, paths } from "../../app/router.tsx";
import { useLive } from "../../state/live-context.tsx";
import { useStore } from "../../state/store.ts";
import { Avatar } from "../../ui/Avatar.tsx";
import { formatListTime } from "../../ui/format.ts";
import { StatusTicks } from "../thread/StatusTicks.tsx";
import { clientName } from "./client-name.ts";
import styles from "./InboxRow.module.css";

export const InboxRow = memo(function InboxRow({
  conversation,
  active,
}: {
  conversation: Conversation;
  active: boolean;
}) {
  const { typing } = useLive();
  const isTyping = useStore(typing, (state) => state.has(conversation.client_uid));
  const name = clientName(conversation.client);
  const last = conversation.last_message;
  const unread = conversation.unread_count;
  // When it was said, not when the app got round to telling Tandem.
  const at = last?.created_at ?? conversation.updated_at;
  return (
    <Link
      href={paths.thread(conversation.client_uid)}
      className={`${styles.row} ${unread > 0 ? styles.unread : ""}`}
      aria-current={active ? "page" : undefined}
      data-client-uid={conversation.client_uid}
    >
      <Avatar name={name} colourKey={conversation.client_uid} size={44} />
      <span className={styles.body}>
        <span className={styles.top}>
          <span className={styles.name}>{name}</span>
          <time className={styles.time} dateTime={at}>
            {formatListTime(at)}
          </time>
        </span>
        <span className={styles.bottom}>
          {isTyping ? (
            <span className={styles.typing}>typing…</span>
          ) : last ? (
            <span className={styles.preview}>
              {last.direction === "business_to_client" ? (
                <>
                  <StatusTicks status={last.status} />
                  <span className="visually-hidden">You: </span>
                </>
              ) : null}
              <span className={styles.previewText}>{last.message}</span>
            </span>
          ) : (
            <span className={styles.preview}>No messages yet</span>
          )}
          {unread > 0 ? (
            <span className={styles.count}>
              {unread > 99 ? "99+" : unread}
              <span className="visually-hidden"> unread</span>
            </span>
          ) : null}
        </span>
      </span>
    </Link>
  );
});
