import type { FeedEvent } from "./feed-event.js";

export interface FeedSubscriber {
  readonly businessUid: string;
  deliver(event: FeedEvent): void;
  /** Holds writes back until `flush`, so the events of one read leave in one write. */
  hold(): void;
  flush(): void;
}

/** Fans the process's one stream of events out to the sockets of each business. */
export class Hub {
  private readonly byBusiness = new Map<string, Set<FeedSubscriber>>();

  add(subscriber: FeedSubscriber): void {
    let subscribers = this.byBusiness.get(subscriber.businessUid);
    if (!subscribers) {
      subscribers = new Set();
      this.byBusiness.set(subscriber.businessUid, subscribers);
    }
    subscribers.add(subscriber);
  }

  remove(subscriber: FeedSubscriber): void {
    const subscribers = this.byBusiness.get(subscriber.businessUid);
    if (!subscribers?.delete(subscriber)) return;
    if (subscribers.size === 0) this.byBusiness.delete(subscriber.businessUid);
  }

  /**
   * A commit usually brings several events (a message and its conversation); each socket gets them
   * in one write instead of one write each, which is most of the cost with many sockets.
   */
  publish(events: readonly FeedEvent[]): void {
    const held = new Set<FeedSubscriber>();
    for (const event of events) {
      const subscribers = this.byBusiness.get(event.businessUid);
      if (!subscribers) continue;
      for (const subscriber of subscribers) {
        if (!held.has(subscriber)) {
          subscriber.hold();
          held.add(subscriber);
        }
        subscriber.deliver(event);
      }
    }
    for (const subscriber of held) subscriber.flush();
  }
}
