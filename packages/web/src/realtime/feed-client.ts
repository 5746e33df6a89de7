import type { LiveEvent } from "@tandem/contract";
import { reconnectDelay } from "./backoff.ts";
import { parseFrame } from "./events.ts";

export type FeedState = "connecting" | "live" | "reconnecting";

export interface FeedHandlers {
  onEvent(event: LiveEvent): void;
  /** The server could not resume from our cursor (or we never had one): everything must be fetched again. */
  onResync(): void;
  onState(state: FeedState): void;
  /** Several connections in a row failed: maybe the sign-in ended. */
  onRepeatedFailure(): void;
  /**
   * The server closed the feed because the sign-in ended (signed out in another tab, say): settles
   * once the page knows whether it is still signed in.
   */
  onSignInEnded(): Promise<unknown>;
}

/** The server's close code for a socket whose sign-in ended. */
export const CLOSE_SIGNED_OUT = 4401;

type SocketFactory = (url: string) => WebSocket;

/**
 * The page's one socket to `/api/realtime`. It remembers the last event id it applied and reconnects
 * with `?cursor=<id>`, so a dropped connection misses nothing; ids at or below the cursor are
 * dropped, so an event replayed after a reconnect is never applied twice.
 */
export class FeedClient {
  private socket: WebSocket | null = null;
  private cursor: number | null = null;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private state: FeedState = "connecting";

  constructor(
    private readonly handlers: FeedHandlers,
    private readonly baseUrl: () => string = defaultFeedUrl,
    private readonly openSocket: SocketFactory = (url) => new WebSocket(url),
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener("online", this.reconnectNow);
    document.addEventListener("visibilitychange", this.reconnectNow);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.reconnectNow);
    document.removeEventListener("visibilitychange", this.reconnectNow);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "page closed");
  }

  /** Coming back online or to the tab: don't wait out a long backoff. */
  private readonly reconnectNow = () => {
    if (this.stopped || this.socket || document.visibilityState !== "visible") return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.connect();
  };

  private setState(state: FeedState) {
    if (state === this.state) return;
    this.state = state;
    this.handlers.onState(state);
  }

  private connect() {
    const url = this.cursor === null ? this.baseUrl() : `${this.baseUrl()}?cursor=${this.cursor}`;
    const socket = this.openSocket(url);
    this.socket = socket;
    let openedAt = 0;
    socket.onopen = () => {
      openedAt = Date.now();
      this.setState("live");
    };
    socket.onmessage = (message) => {
      if (this.socket !== socket || typeof message.data !== "string") return;
      this.receive(message.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === CLOSE_SIGNED_OUT) {
        // A reconnect would be refused: the page first finds out who it is (and signs out, which
        // stops this client); one still signed in carries on.
        void this.handlers.onSignInEnded().finally(() => this.scheduleReconnect());
        return;
      }
      // A connection that lived a while was a success, even if it carried no event.
      if (openedAt && Date.now() - openedAt > 10_000) this.failures = 0;
      this.scheduleReconnect();
    };
  }

  private receive(text: string) {
    const frame = parseFrame(text);
    switch (frame.kind) {
      case "ready":
        this.failures = 0;
        if (this.cursor !== null) {
          // Caught up after a resume (or a reset): carry on from here.
          this.cursor = Math.max(this.cursor, frame.id);
          return;
        }
        // A first connection: events before `ready` were never sent to us, so what the page fetched
        // before it may be stale. Refetch once; events follow from this id.
        this.cursor = frame.id;
        this.handlers.onResync();
        return;
      case "reset":
        this.failures = 0;
        this.cursor = frame.id;
        this.handlers.onResync();
        return;
      case "event":
        this.failures = 0;
        if (this.cursor !== null && frame.event.id <= this.cursor) return;
        this.cursor = frame.event.id;
        this.handlers.onEvent(frame.event);
        return;
      case "ignored":
        return;
    }
  }

  private scheduleReconnect() {
    if (this.stopped) return;
    this.failures += 1;
    this.setState("reconnecting");
    if (this.failures === 3) this.handlers.onRepeatedFailure();
    this.timer = setTimeout(
      () => {
        this.timer = null;
        if (!this.stopped) this.connect();
      },
      reconnectDelay(this.failures - 1),
    );
  }
}

export function defaultFeedUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/api/realtime`;
}
