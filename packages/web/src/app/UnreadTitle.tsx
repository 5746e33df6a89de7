import { useEffect } from "react";
import { useLive } from "../state/live-context.tsx";
import { useStore } from "../state/store.ts";

/** The tab's title counts unread conversations, so staff see news from another tab. */
export function UnreadTitle({ businessName }: { businessName: string }) {
  const { inbox } = useLive();
  const unread = useStore(inbox, (state) => state.rows.filter((row) => row.unread_count > 0).length);
  useEffect(() => {
    document.title = `${unread > 0 ? `(${unread}) ` : ""}${businessName} · Tandem`;
    return () => {
      document.title = "Tandem";
    };
  }, [unread, businessName]);
  return null;
}
