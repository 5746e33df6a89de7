import type { ThreadMessage } from "@tandem/contract";
import { useEffect, useState } from "react";
import type { ThreadStore } from "./thread-store.ts";

const MAX_ATTEMPTS = 3;

const isSeen = () => document.visibilityState === "visible" && document.hasFocus();

/** True while a person can actually be looking at the page: the tab is shown and the window focused. */
function usePageSeen(): boolean {
  const [seen, setSeen] = useState(isSeen);
  useEffect(() => {
    const update = () => setSeen(isSeen());
    document.addEventListener("visibilitychange", update);
    window.addEventListener("focus", update);
    window.addEventListener("blur", update);
    return () => {
      document.removeEventListener("visibilitychange", update);
      window.removeEventListener("focus", update);
      window.removeEventListener("blur", update);
    };
  }, []);
  return seen;
}

/**
 * Marks the open thread read while someone can see it (SPEC §7), and again when new messages arrive
 * then. Only messages the page has displayed (`received`) trigger it, so an app always hears
 * `received` before `read`.
 */
export function useReadReceipts(threads: ThreadStore, clientUid: string, messages: ThreadMessage[]) {
  const seen = usePageSeen();
  const newestDisplayed =
    messages.findLast(
      (message) => message.direction === "client_to_business" && message.status === "received",
    )?.uid ?? null;
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!seen || !newestDisplayed || attempt > MAX_ATTEMPTS) return;
    let cancelled = false;
    threads.markRead(clientUid).catch(() => {
      // Try once more a little later; an unread thread must not stay unread because of one lost call.
      if (!cancelled) setTimeout(() => setAttempt((count) => count + 1), 2_000);
    });
    return () => {
      cancelled = true;
    };
  }, [threads, clientUid, seen, newestDisplayed, attempt]);
}
