import type { LiveEvent } from "@tandem/contract";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { pageApi } from "../api/page-api.ts";
import { InboxStore } from "../features/inbox/inbox-store.ts";
import { ThreadStore } from "../features/thread/thread-store.ts";
import { FeedClient } from "../realtime/feed-client.ts";
import { LiveHub } from "../realtime/live-hub.ts";
import { TypingStore } from "../realtime/typing-store.ts";

/** Everything the signed-in page keeps live: the feed, and the stores it feeds. */
export interface LiveState {
  hub: LiveHub;
  inbox: InboxStore;
  threads: ThreadStore;
  typing: TypingStore;
}

const LiveContext = createContext<LiveState | null>(null);

function createLiveState(staffUid: string): LiveState {
  const hub = new LiveHub();
  const inbox = new InboxStore();
  const typing = new TypingStore();
  const threads = new ThreadStore({
    staffUid,
    onMessage: (message) => inbox.applyMessage(message),
    onRead: (clientUid) => inbox.clearUnread(clientUid),
  });
  hub.onEvent((event: LiveEvent) => {
    threads.apply(event);
    inbox.apply(event);
    typing.apply(event);
  });
  hub.onResync(() => {
    threads.resync();
    inbox.refresh();
  });
  return { hub, inbox, threads, typing };
}

export function LiveProvider({ staffUid, children }: { staffUid: string; children: ReactNode }) {
  const [live] = useState(() => createLiveState(staffUid));
  useEffect(() => {
    const feed = new FeedClient({
      onEvent: (event) => live.hub.publish(event),
      onResync: () => live.hub.resync(),
      onState: (state) => live.hub.setState(state),
      // A socket that keeps failing may mean the sign-in ended: asking who we are finds out (401 signs out).
      onRepeatedFailure: () => void pageApi.me().catch(() => undefined),
      // The same question at once when the server says the sign-in ended (signed out in another tab).
      onSignInEnded: () => pageApi.me().catch(() => undefined),
    });
    feed.start();
    return () => {
      feed.stop();
      live.inbox.dispose();
      live.threads.dispose();
      live.typing.dispose();
    };
  }, [live]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  const live = useContext(LiveContext);
  if (!live) throw new Error("useLive outside LiveProvider");
  return live;
}
