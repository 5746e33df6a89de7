import { useEffect, useRef, useState } from "react";
import { useLive } from "../../state/live-context.tsx";
import { useStore } from "../../state/store.ts";
import { ChatIcon } from "../../ui/icons.tsx";
import { EmptyState, ErrorNotice } from "../../ui/Notice.tsx";
import styles from "./InboxPanel.module.css";
import { InboxRow } from "./InboxRow.tsx";
import { SearchField } from "./SearchField.tsx";

const SEARCH_DELAY_MS = 250;

export function InboxPanel({ activeClientUid }: { activeClientUid: string | null }) {
  const { inbox } = useLive();
  const state = useStore(inbox, (current) => current);
  const [search, setSearch] = useState("");

  useEffect(() => {
    const timer = setTimeout(() => void inbox.load(search.trim()), search ? SEARCH_DELAY_MS : 0);
    return () => clearTimeout(timer);
  }, [inbox, search]);

  const searching = state.search !== "";
  return (
    <div className={styles.panel}>
      <SearchField value={search} onChange={setSearch} />
      <nav className={styles.list} aria-label="Conversations" aria-busy={state.status === "loading"}>
        {state.status === "loading" && state.rows.length === 0 ? (
          <RowSkeletons />
        ) : state.status === "error" ? (
          <ErrorNotice
            message={state.error ?? "The inbox could not be loaded."}
            onRetry={() => inbox.refresh()}
          />
        ) : state.rows.length === 0 ? (
          searching ? (
            <EmptyState title="No clients found">
              <p>Nobody's name, phone or email matches “{state.search}”.</p>
            </EmptyState>
          ) : (
            <EmptyState icon={<ChatIcon size={26} />} title="No conversations yet">
              <p>When a client writes through one of your channels, the conversation shows up here.</p>
            </EmptyState>
          )
        ) : (
          <>
            <p className="visually-hidden" role="status">
              {searching ? `${state.total} clients match` : `${state.total} conversations`}
            </p>
            <ul className={`${styles.rows} ${state.status === "loading" ? styles.stale : ""}`}>
              {state.rows.map((conversation) => (
                <li key={conversation.client_uid}>
                  <InboxRow
                    conversation={conversation}
                    active={conversation.client_uid === activeClientUid}
                  />
                </li>
              ))}
            </ul>
            {state.rows.length < state.total ? <LoadMore onVisible={() => void inbox.loadMore()} /> : null}
          </>
        )}
      </nav>
    </div>
  );
}

/** Loads the next page when the end of the list scrolls into view. */
function LoadMore({ onVisible }: { onVisible: () => void }) {
  const sentinel = useRef<HTMLDivElement>(null);
  const latest = useRef(onVisible);
  latest.current = onVisible;
  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) latest.current();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={sentinel} className={styles.more}>
      <button type="button" className="btn btn-ghost btn-small" onClick={onVisible}>
        Load more conversations
      </button>
    </div>
  );
}

function RowSkeletons() {
  return (
    <ul className={styles.rows} aria-hidden="true">
      {[0, 1, 2, 3, 4, 5].map((key) => (
        <li key={key} className={styles.skeletonRow}>
          <span className={`skeleton ${styles.skeletonAvatar}`} />
          <span className={styles.skeletonLines}>
            <span className="skeleton" style={{ width: "45%", height: 12 }} />
            <span className="skeleton" style={{ width: "80%", height: 10 }} />
          </span>
        </li>
      ))}
    </ul>
  );
}
