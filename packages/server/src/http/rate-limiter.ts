/** A per-token fixed window, in memory: generous by default, only there to stop runaway clients. */
export class RateLimiter {
  private windowStart = Date.now();
  private readonly counts = new Map<string, number>();

  constructor(private readonly perMinute: number) {}

  /** Seconds to wait, or 0 when the request may go ahead. */
  take(key: string): number {
    const now = Date.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count > this.perMinute ? Math.ceil((this.windowStart + 60_000 - now) / 1000) : 0;
  }
}
