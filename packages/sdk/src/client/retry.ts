/** How calls are retried: a bounded number of attempts, exponential backoff with full jitter. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4; 1 turns retries off). */
  maxAttempts?: number;
  /** The first backoff's ceiling (default 200 ms); each further one doubles it. */
  baseDelayMs?: number;
  /** No backoff waits longer than this (default 5 s). */
  maxDelayMs?: number;
  /** A `retry-after` longer than this is not waited for: the call fails with the 429 (default 60 s). */
  maxRetryAfterMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
    baseDelayMs: options.baseDelayMs ?? 200,
    maxDelayMs: options.maxDelayMs ?? 5_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
  };
}

/**
 * Which failures a call may be sent again after. `idempotent`: sending it twice does what sending
 * it once does (reads, PUT, DELETE, and the POSTs Tandem makes idempotent, like a message with its
 * message_uid), so an unanswered attempt may be repeated. `unprocessed`: only when Tandem surely did
 * nothing — a 429, refused before any work, or a connection that was never made.
 */
export type RetryMode = "idempotent" | "unprocessed";

/** Gateways and an overloaded Tandem answer these; they are worth a second try. */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);

export function retriesStatus(mode: RetryMode, status: number): boolean {
  if (status === 429) return true;
  return mode === "idempotent" && TRANSIENT_STATUSES.has(status);
}

/** Node's fetch names why a connection failed in `cause.code`; a refused connection sent nothing. */
function neverSent(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? cause.code : undefined;
  return code === "ECONNREFUSED";
}

export function retriesNetworkError(mode: RetryMode, error: unknown): boolean {
  return mode === "idempotent" || neverSent(error);
}

/** `retry-after` as seconds or an HTTP date, in milliseconds from now (undefined when absent or unreadable). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before attempt `attempt + 1` (attempt counts from 1): full jitter under a doubling ceiling. */
export function backoffMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
