import type { ChannelBadge, LiveEvent, ThreadMessage } from "@tandem/contract";
import { ApiError } from "../../api/http.ts";
import { pageApi } from "../../api/page-api.ts";
import { Store } from "../../state/store.ts";
import { isUnreadIncoming, upsertMessages } from "./thread-merge.ts";

export const THREAD_PAGE_SIZE = 30;

/** A message typed on this page that the server has not accepted yet. */
export interface OutboxEntry {
  localId: string;
  channel: ChannelBadge;
  text: string;
  createdAt: string;
  state: "sending" | "failed";
  error: string | null;
}

export interface ThreadState {
  status: "loading" | "ready" | "error";
  error: string | null;
  /** Oldest first, as drawn. */
  messages: ThreadMessage[];
  hasMore: boolean;
  loadingOlder: boolean;
  olderError: string | null;
  outbox: OutboxEntry[];
}

const EMPTY: ThreadState = {
  status: "loading",
  error: null,
  messages: [],
  hasMore: false,
  loadingOlder: false,
  olderError: null,
  outbox: [],
};

export interface ThreadStoreOptions {
  /** The signed-in staff member, to recognise our own sends arriving over the feed. */
  staffUid: string;
  /** A message changed here (sent, retried, read): the inbox shows it too. */
  onMessage(message: ThreadMessage): void;
  onRead(clientUid: string): void;
}

const describe = (error: unknown) =>
  error instanceof ApiError ? error.message : "Something went wrong. Try again.";

/**
 * Whether a message belongs to the part of the thread held here: one older than what is loaded
 * (marked read along with the rest, say) waits until the reader scrolls to it, so history never has holes.
 */
function inLoadedWindow(thread: ThreadState, message: ThreadMessage): boolean {
  const oldest = thread.messages[0];
  return (
    !thread.hasMore ||
    !oldest ||
    message.created_at >= oldest.created_at ||
    thread.messages.some((known) => known.uid === message.uid)
  );
}

/** Every thread the page has opened, kept in step with the feed. */
export class ThreadStore extends Store<ReadonlyMap<string, ThreadState>> {
  private openClientUid: string | null = null;
  private displayTimer: ReturnType<typeof setTimeout> | null = null;
  private localIds = 0;

  constructor(private readonly options: ThreadStoreOptions) {
    super(new Map());
  }

  thread(clientUid: string): ThreadState {
    return this.state.get(clientUid) ?? EMPTY;
  }

  private patch(clientUid: string, change: (thread: ThreadState) => ThreadState) {
    const current = this.thread(clientUid);
    const next = change(current);
    if (next === current) return;
    const threads = new Map(this.state);
    threads.set(clientUid, next);
    this.update(threads);
  }

  /** Opening a thread fetches its newest page, which also tells the apps those messages were displayed. */
  open(clientUid: string): void {
    this.openClientUid = clientUid;
    if (this.state.get(clientUid)?.status === "error")
      this.patch(clientUid, (thread) => ({ ...thread, status: "loading" }));
    void this.fetchNewest(clientUid);
  }

  close(clientUid: string): void {
    if (this.openClientUid === clientUid) this.openClientUid = null;
  }

  async fetchNewest(clientUid: string): Promise<void> {
    try {
      const page = await pageApi.messages(clientUid, { limit: THREAD_PAGE_SIZE });
      const newest = [...page.messages].reverse();
      this.patch(clientUid, (thread) => {
        const known = thread.messages.at(-1);
        const oldestFetched = newest[0];
        // A gap between what we hold and the fresh page: start again from the fresh page.
        const gap =
          thread.status !== "ready" ||
          (page.has_more && known && oldestFetched && oldestFetched.created_at > known.created_at);
        return gap
          ? { ...thread, status: "ready", error: null, messages: newest, hasMore: page.has_more }
          : { ...thread, status: "ready", error: null, messages: upsertMessages(thread.messages, newest) };
      });
    } catch (error) {
      this.patch(clientUid, (thread) =>
        thread.status === "ready" ? thread : { ...thread, status: "error", error: describe(error) },
      );
    }
  }

  async loadOlder(clientUid: string): Promise<void> {
    const current = this.thread(clientUid);
    const oldest = current.messages[0];
    if (current.loadingOlder || !current.hasMore || !oldest) return;
    this.patch(clientUid, (thread) => ({ ...thread, loadingOlder: true, olderError: null }));
    try {
      const page = await pageApi.messages(clientUid, { before: oldest.uid, limit: THREAD_PAGE_SIZE });
      this.patch(clientUid, (thread) => ({
        ...thread,
        loadingOlder: false,
        hasMore: page.has_more,
        messages: upsertMessages(thread.messages, [...page.messages].reverse()),
      }));
    } catch (error) {
      this.patch(clientUid, (thread) => ({ ...thread, loadingOlder: false, olderError: describe(error) }));
    }
  }

  send(clientUid: string, channel: ChannelBadge, text: string): void {
    this.localIds += 1;
    const entry: OutboxEntry = {
      localId: `local-${this.localIds}`,
      channel,
      text,
      createdAt: new Date().toISOString(),
      state: "sending",
      error: null,
    };
    this.patch(clientUid, (thread) => ({ ...thread, outbox: [...thread.outbox, entry] }));
    void this.deliver(clientUid, entry);
  }

  resend(clientUid: string, localId: string): void {
    const entry = this.thread(clientUid).outbox.find((item) => item.localId === localId);
    if (!entry) return;
    const again = { ...entry, state: "sending" as const, error: null };
    this.patch(clientUid, (thread) => ({
      ...thread,
      outbox: thread.outbox.map((item) => (item.localId === localId ? again : item)),
    }));
    void this.deliver(clientUid, again);
  }

  discard(clientUid: string, localId: string): void {
    this.patch(clientUid, (thread) => ({
      ...thread,
      outbox: thread.outbox.filter((item) => item.localId !== localId),
    }));
  }

  private async deliver(clientUid: string, entry: OutboxEntry) {
    try {
      const { message } = await pageApi.send(clientUid, {
        channel_uid: entry.channel.uid,
        message: entry.text,
      });
      this.patch(clientUid, (thread) => ({
        ...thread,
        outbox: thread.outbox.filter((item) => item.localId !== entry.localId),
        messages: upsertMessages(thread.messages, [message]),
      }));
      this.options.onMessage(message);
    } catch (error) {
      this.patch(clientUid, (thread) => ({
        ...thread,
        outbox: thread.outbox.map((item) =>
          item.localId === entry.localId ? { ...item, state: "failed", error: describe(error) } : item,
        ),
      }));
    }
  }

  /** Sends a failed message again (the app called the failure retryable); throws the reason if refused. */
  async retry(message: ThreadMessage): Promise<void> {
    const { message: retried } = await pageApi.retryMessage(message.uid);
    this.apply({ type: "message.updated", data: retried });
    this.options.onMessage(retried);
  }

  async markRead(clientUid: string): Promise<void> {
    // Only what was unread when asked: a message arriving meanwhile is marked by the next call.
    const unread = new Set(
      this.thread(clientUid)
        .messages.filter(isUnreadIncoming)
        .map((message) => message.uid),
    );
    await pageApi.markRead(clientUid);
    this.patch(clientUid, (thread) => ({
      ...thread,
      messages: thread.messages.map((message) =>
        unread.has(message.uid) && isUnreadIncoming(message) ? { ...message, status: "read" } : message,
      ),
    }));
    this.options.onRead(clientUid);
  }

  apply(event: Pick<LiveEvent, "type" | "data">): void {
    if (event.type !== "message.created" && event.type !== "message.updated") return;
    const message = event.data as ThreadMessage;
    const clientUid = message.client_uid;
    const current = this.state.get(clientUid);
    if (!current || !inLoadedWindow(current, message)) return;
    this.patch(clientUid, (thread) => ({
      ...thread,
      messages: upsertMessages(thread.messages, [message]),
      outbox: event.type === "message.created" ? this.withoutEcho(thread.outbox, message) : thread.outbox,
    }));
    if (
      event.type === "message.created" &&
      message.direction === "client_to_business" &&
      clientUid === this.openClientUid
    ) {
      this.scheduleDisplayed(clientUid);
    }
  }

  /** Our own send may arrive over the feed before its answer: the pending copy gives way to it. */
  private withoutEcho(outbox: OutboxEntry[], message: ThreadMessage): OutboxEntry[] {
    if (message.direction !== "business_to_client" || message.sender?.staff_uid !== this.options.staffUid)
      return outbox;
    const echo = outbox.findIndex(
      (entry) =>
        entry.state === "sending" &&
        entry.channel.uid === message.channel.uid &&
        entry.text === message.message,
    );
    return echo === -1 ? outbox : outbox.filter((_, index) => index !== echo);
  }

  /** A message that arrived live in the open thread has been displayed: fetching the page tells its app. */
  private scheduleDisplayed(clientUid: string) {
    if (this.displayTimer) clearTimeout(this.displayTimer);
    this.displayTimer = setTimeout(() => {
      this.displayTimer = null;
      void this.fetchNewest(clientUid);
    }, 150);
  }

  /** After a feed reset: the open thread is fetched again, the others when next opened. */
  resync(): void {
    const open = this.openClientUid;
    const threads = new Map<string, ThreadState>();
    const current = open ? this.state.get(open) : undefined;
    if (open && current) threads.set(open, current);
    this.update(threads);
    if (open) void this.fetchNewest(open);
  }

  dispose(): void {
    if (this.displayTimer) clearTimeout(this.displayTimer);
  }
}
