import type { Socket } from "node:net";
import type { WebSocket } from "ws";
import { controlFrame, type FeedEvent } from "./feed-event.js";
import type { FeedSubscriber } from "./hub.js";

/** A page that lets this much pile up unsent is too slow to follow live; it can resume from its cursor. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
export const CLOSE_TOO_SLOW = 1013;

/**
 * One page socket. While its replay is being read, live events wait in `pending`; the last id sent
 * filters out whatever the replay already covered, so the hand-over has no gap and no duplicate.
 */
export class FeedConnection implements FeedSubscriber {
  private lastSentId: number;
  private pending: FeedEvent[] | null = [];

  constructor(
    readonly socket: WebSocket,
    readonly businessUid: string,
    after: number,
  ) {
    this.lastSentId = after;
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** A live event from the hub: sent, or kept until the replay is done. */
  deliver(event: FeedEvent): void {
    if (this.pending) this.pending.push(event);
    else this.send(event);
  }

  hold(): void {
    this.transport()?.cork();
  }

  flush(): void {
    this.transport()?.uncork();
  }

  /** ws keeps its TCP socket private; corking it is the only way to put several frames in one write. */
  private transport(): Socket | undefined {
    return (this.socket as unknown as { _socket?: Socket })._socket;
  }

  /** An event of the replay, sent ahead of anything live. */
  replay(event: FeedEvent): void {
    this.send(event);
  }

  /** The cursor was too old or unknown: the page refetches, and the stream restarts at `id`. */
  reset(id: number): void {
    this.lastSentId = id;
    this.sendFrame(controlFrame(id, "reset"));
  }

  /** Caught up to `id`: sends `ready`, then whatever arrived meanwhile, then follows live. */
  ready(id: number): void {
    this.lastSentId = Math.max(this.lastSentId, id);
    this.sendFrame(controlFrame(this.lastSentId, "ready"));
    const pending = this.pending ?? [];
    this.pending = null;
    for (const event of pending) this.send(event);
  }

  private send(event: FeedEvent): void {
    if (event.id <= this.lastSentId) return;
    this.lastSentId = event.id;
    this.sendFrame(event.frame);
  }

  /** Always a text message, also when the frame comes as bytes. */
  private sendFrame(frame: string | Buffer): void {
    if (!this.open) return;
    this.socket.send(frame, { binary: false });
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.socket.close(CLOSE_TOO_SLOW, "too far behind; reconnect with your cursor");
    }
  }
}
