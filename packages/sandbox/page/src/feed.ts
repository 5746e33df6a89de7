import { useEffect, useReducer } from "react";
import type { FeedEvent, PhoneContact, PhoneMessage, SandboxState } from "../../src/wire.ts";

/** How long staff's "typing…" shows without news (SPEC §5's 10 s), so it can never get stuck. */
const TYPING_SHOWS_MS = 10_000;

export interface View {
  state: SandboxState | null;
  live: boolean;
  /** Contacts whose staff are typing now, with when that was last said. */
  staffTyping: Record<string, number>;
}

type Action = FeedEvent | { type: "live"; live: boolean } | { type: "typing-expired"; contactId: string };

const upsert = <Item extends { id: string }>(items: Item[], item: Item) =>
  items.some((existing) => existing.id === item.id)
    ? items.map((existing) => (existing.id === item.id ? item : existing))
    : [...items, item];

function reduce(view: View, action: Action): View {
  if (action.type === "live") return { ...view, live: action.live };
  if (action.type === "state") return { ...view, state: action.state };
  if (action.type === "typing" || action.type === "typing-expired") {
    const staffTyping = { ...view.staffTyping };
    if (action.type === "typing" && action.typing) staffTyping[action.contactId] = Date.now();
    else delete staffTyping[action.contactId];
    return { ...view, staffTyping };
  }
  const state = view.state;
  if (!state) return view;
  switch (action.type) {
    case "status":
      return { ...view, state: { ...state, status: action.status } };
    case "network":
      return { ...view, state: { ...state, network: action.network } };
    case "contact":
      return { ...view, state: { ...state, contacts: upsert<PhoneContact>(state.contacts, action.contact) } };
    case "message": {
      const messages = upsert<PhoneMessage>(state.messages, action.message).sort((a, b) =>
        a.at.localeCompare(b.at),
      );
      const staffTyping = { ...view.staffTyping };
      // Staff's message ends their typing.
      if (action.message.direction === "to_client") delete staffTyping[action.message.contactId];
      return { ...view, staffTyping, state: { ...state, messages } };
    }
  }
}

/** The sandbox as its live feed tells it: the whole state on (re)connecting, then each change. */
export function useSandbox(): [View, (event: FeedEvent) => void] {
  const [view, dispatch] = useReducer(reduce, { state: null, live: false, staffTyping: {} });

  useEffect(() => {
    const source = new EventSource("/sandbox/api/events");
    source.onopen = () => dispatch({ type: "live", live: true });
    source.onerror = () => dispatch({ type: "live", live: false });
    source.onmessage = (message: MessageEvent<string>) => dispatch(JSON.parse(message.data) as FeedEvent);
    return () => source.close();
  }, []);

  useEffect(() => {
    const entries = Object.entries(view.staffTyping);
    if (entries.length === 0) return;
    const timers = entries.map(([contactId, since]) =>
      setTimeout(
        () => dispatch({ type: "typing-expired", contactId }),
        Math.max(0, since + TYPING_SHOWS_MS - Date.now()),
      ),
    );
    return () => {
      for (const timer of timers) clearTimeout(timer);
    };
  }, [view.staffTyping]);

  return [view, dispatch];
}
