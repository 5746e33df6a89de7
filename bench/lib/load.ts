import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** A fresh body for each request (unique ids), or none. */
  body?: () => string;
  /** A fresh path for each request, or the URL's own. */
  path?: () => string;
  /** Stop after this many requests instead of after the duration. */
  amount?: number;
  connections: number;
  durationSeconds: number;
  /** A fixed request rate for all connections together, instead of as fast as possible. */
  overallRate?: number;
  /** Called every 250 ms during the run (to sample memory, say). */
  onTick?: () => void;
}

/** The load before a measured run, so the server's code is compiled and its caches warm: 2 s, or less for a short run. */
export const warmUpSeconds = (measuredSeconds: number) => Math.min(2, measuredSeconds);

/** autocannon against 127.0.0.1, bounded in time. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const tick = options.onTick ? setInterval(options.onTick, 250) : null;
  try {
    const result = await autocannon({
      url: options.url,
      method: options.method ?? "GET",
      connections: options.connections,
      duration: options.durationSeconds,
      ...(options.amount ? { amount: options.amount } : {}),
      headers: { "content-type": "application/json", ...options.headers },
      ...(options.overallRate ? { overallRate: options.overallRate } : {}),
      ...(options.body || options.path
        ? {
            requests: [
              {
                setupRequest: (request: autocannon.Request) => ({
                  ...request,
                  ...(options.body ? { body: options.body() } : {}),
                  ...(options.path ? { path: options.path() } : {}),
                }),
              },
            ],
          }
        : {}),
    });
    return {
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      total: result.requests.total,
      errors: result.errors,
      non2xx: result.non2xx,
    };
  } finally {
    if (tick) clearInterval(tick);
  }
}

export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return Math.round((sorted[index] ?? 0) * 100) / 100;
}
