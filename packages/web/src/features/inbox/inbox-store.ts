import type { Conversation, LiveEvent, ThreadMessage } from "@tandem/contract";
import { ApiError } from "../../api/http.ts";
import { pageApi } from "../../api/page-api.ts";
import { Store } from "../../state/store.ts";
import { replaceRow, withClient, withMessage } from "./inbox-merge.ts";

const PAGE_SIZE = 30;

export interface InboxState {
  search: string;
  status: "loading" | "ready" | "error";
  error: string | null;
  rows: Conversation[];
  total: number;
  loadingMore: boolean;
}

/** The inbox: clients by latest activity, searched, paged, and kept in step with the feed. */
export class InboxStore extends Store<InboxState> {
  private request: AbortController | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super({ search: "", status: "loading", error: null, rows: [], total: 0, loadingMore: false });
  }

  /** Loads the first page for a search (empty: every conversation); a newer search cancels an older one. */
  async load(search: string, perPage = PAGE_SIZE): Promise<void> {
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    const keepRows = search === this.state.search && this.state.status === "ready";
    this.update({ ...this.state, search, status: keepRows ? "ready" : "loading", error: null });
    try {
      const page = await pageApi.conversations({ search, per_page: perPage }, request.signal);
      if (request.signal.aborted) return;
      this.update({ ...this.state, status: "ready", rows: page.conversations, total: page.pagination.total });
    } catch (error) {
      if (request.signal.aborted) return;
      const message = error instanceof ApiError ? error.message : "The inbox could not be loaded.";
      this.update(keepRows ? this.state : { ...this.state, status: "error", error: message });
    }
  }

  async loadMore(): Promise<void> {
    const { rows, total, loadingMore, status, search } = this.state;
    if (loadingMore || status !== "ready" || rows.length >= total) return;
    this.update({ ...this.state, loadingMore: true });
    try {
      // Rows move to the top as activity happens, so page by what we hold and drop what we already have.
      const page = await pageApi.conversations({
        search,
        per_page: PAGE_SIZE,
        page: Math.floor(rows.length / PAGE_SIZE) + 1,
      });
      if (search !== this.state.search) return;
      const known = new Set(this.state.rows.map((row) => row.client_uid));
      this.update({
        ...this.state,
        loadingMore: false,
        total: page.pagination.total,
        rows: [...this.state.rows, ...page.conversations.filter((row) => !known.has(row.client_uid))],
      });
    } catch {
      this.update({ ...this.state, loadingMore: false });
    }
  }

  /** Fetches again what the inbox shows (after a feed reset, or news of a client not listed yet). */
  refresh(): void {
    void this.load(this.state.search, Math.min(100, Math.max(PAGE_SIZE, this.state.rows.length)));
  }

  private refreshSoon() {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, 300);
  }

  applyMessage(message: ThreadMessage, created = false): void {
    const rows = replaceRow(this.state.rows, message.client_uid, (row) => withMessage(row, message, created));
    if (rows) this.update({ ...this.state, rows });
    else if (!this.state.search) this.refreshSoon();
  }

  clearUnread(clientUid: string): void {
    const rows = replaceRow(this.state.rows, clientUid, (row) =>
      row.unread_count === 0 ? row : { ...row, unread_count: 0 },
    );
    if (rows) this.update({ ...this.state, rows });
  }

  apply(event: LiveEvent): void {
    switch (event.type) {
      case "message.created":
      case "message.updated":
        this.applyMessage(event.data, event.type === "message.created");
        return;
      case "conversation.updated": {
        const rows = replaceRow(this.state.rows, event.data.client_uid, (row) => withClient(row, event.data));
        if (rows) this.update({ ...this.state, rows });
        else if (!this.state.search) this.refreshSoon();
        return;
      }
      default:
        return;
    }
  }

  dispose(): void {
    this.request?.abort();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }
}
