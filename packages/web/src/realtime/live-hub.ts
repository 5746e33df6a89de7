import type { LiveEvent } from "@tandem/contract";
import { Store } from "../state/store.ts";
import type { FeedState } from "./feed-client.ts";

type EventListener = (event: LiveEvent) => void;

/** Fans the feed out to the stores and hooks that care; also tells them when to refetch. */
export class LiveHub extends Store<FeedState> {
  private readonly eventListeners = new Set<EventListener>();
  private readonly resyncListeners = new Set<() => void>();

  constructor() {
    super("connecting");
  }

  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  publish(event: LiveEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }

  resync(): void {
    for (const listener of this.resyncListeners) listener();
  }

  setState(state: FeedState): void {
    this.update(state);
  }
}
