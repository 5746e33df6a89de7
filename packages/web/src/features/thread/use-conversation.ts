import type { Conversation } from "@tandem/contract";
import { useEffect, useState } from "react";
import { ApiError } from "../../api/http.ts";
import { pageApi } from "../../api/page-api.ts";
import { useLive } from "../../state/live-context.tsx";
import { useStore } from "../../state/store.ts";

export type ConversationLookup =
  | { status: "found"; conversation: Conversation }
  | { status: "loading" }
  | { status: "missing" };

/** The open thread's client: from the inbox when it lists them, else asked for (a link, a reload). */
export function useConversation(clientUid: string): ConversationLookup {
  const { inbox } = useLive();
  const listed = useStore(inbox, (state) => state.rows.find((row) => row.client_uid === clientUid));
  const [fetched, setFetched] = useState<ConversationLookup>({ status: "loading" });

  useEffect(() => {
    if (listed) return;
    let cancelled = false;
    pageApi
      .conversation(clientUid)
      .then(({ conversation }) => {
        if (!cancelled) setFetched({ status: "found", conversation });
      })
      .catch((error: unknown) => {
        if (!cancelled && error instanceof ApiError && error.status === 404)
          setFetched({ status: "missing" });
      });
    return () => {
      cancelled = true;
    };
  }, [clientUid, listed]);

  return listed ? { status: "found", conversation: listed } : fetched;
}
