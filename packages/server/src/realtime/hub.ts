import type { FeedEvent } from "./feed-event.js";

export interface FeedSubscriber {
  readonly businessUid: string;
  deliver(event: FeedEvent): void;
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

  publish(event: FeedEvent): void {
    const subscribers = this.byBusiness.get(event.businessUid);
    if (!subscribers) return;
    for (const subscriber of subscribers) subscriber.deliver(event);
  }
}
