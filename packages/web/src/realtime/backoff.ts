/** Reconnect delays: 0.5 s doubling to 30 s, each with ±25 % jitter so many pages don't return in step. */
export function reconnectDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, failures));
  return Math.round(base * (0.75 + random() * 0.5));
}
