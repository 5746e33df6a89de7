/**
 * The webhook-ids already handed to the app. Tandem sends each event at least once and keeps its
 * webhook-id on every retry, so an id seen before is a repeat. Plug in a shared store (Redis, a
 * table with a unique key) when several processes receive webhooks.
 */
export interface SeenStore {
  has(webhookId: string): Promise<boolean> | boolean;
  add(webhookId: string): Promise<void> | void;
}

/**
 * The ids in this process's memory, the most recent `capacity` of them (default 10,000): a retry
 * can come hours later, so ids are kept by number, not by age.
 */
export class MemorySeenStore implements SeenStore {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  has(webhookId: string): boolean {
    return this.ids.has(webhookId);
  }

  add(webhookId: string): void {
    this.ids.delete(webhookId);
    this.ids.add(webhookId);
    // A Set iterates in insertion order: the first is the oldest.
    while (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest === undefined) break;
      this.ids.delete(oldest);
    }
  }
}
