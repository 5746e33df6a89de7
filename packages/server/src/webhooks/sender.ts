import { isIP } from "node:net";
import type { Agent } from "undici";
import type { AttemptFailureReason } from "./attempt-failure.js";
import {
  guardedLookup,
  isPrivateAddress,
  type LookupFunction,
  UnsafeDestinationError,
} from "./safe-destination.js";

export interface SendRequest {
  url: string;
  method: "POST" | "PUT";
  headers: Record<string, string>;
  body: string;
}

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  /** The first 1 KB of the answer, kept on the attempt row. */
  responseBody: string | null;
  retryAfterMs: number | null;
  error: string | null;
  /** Why no answer came (null when the app answered, whatever its status). */
  failure: Extract<AttemptFailureReason, "timeout" | "connection" | "unsafe_destination"> | null;
}

/** undici's names for the ways a request runs out of time, and the abort of the attempt's own deadline. */
const TIMEOUT_ERRORS = new Set([
  "TimeoutError",
  "ConnectTimeoutError",
  "HeadersTimeoutError",
  "BodyTimeoutError",
]);

function failureOf(error: unknown): NonNullable<SendResult["failure"]> {
  if (error instanceof UnsafeDestinationError) return "unsafe_destination";
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  const code = (error as { code?: unknown } | null)?.code;
  if (TIMEOUT_ERRORS.has(name) || code === "UND_ERR_CONNECT_TIMEOUT") return "timeout";
  return "connection";
}

export interface SenderOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** Injected in tests to point public-looking names at 127.0.0.1. */
  lookup?: LookupFunction;
}

const RESPONSE_KEEP_BYTES = 1024;

export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

async function readStart(body: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (size < RESPONSE_KEEP_BYTES) chunks.push(buffer);
    size += buffer.length;
    if (size >= RESPONSE_KEEP_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_KEEP_BYTES).toString("utf8");
}

interface HttpClient {
  agent: Agent;
  request: typeof import("undici").request;
}

/** Sends one webhook attempt: no redirects followed, a hard timeout, private networks refused at connect time. */
export class WebhookSender {
  /**
   * undici is imported on the first send (or by `prepare`), not at start: importing it was 130 of
   * 1,600 ms of a cold start.
   */
  private client: Promise<HttpClient> | null = null;

  constructor(private readonly options: SenderOptions) {}

  /** Loads the HTTP client ahead of the first send. */
  prepare(): Promise<HttpClient> {
    this.client ??= import("undici").then(({ Agent, request }) => ({
      request,
      agent: new Agent({
        connections: 128,
        keepAliveTimeout: 10_000,
        connect: this.options.allowPrivate
          ? { timeout: this.options.timeoutMs }
          : { timeout: this.options.timeoutMs, lookup: guardedLookup(this.options.lookup) },
      }),
    }));
    return this.client;
  }

  async send(call: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // The hard cap on the whole attempt, connect to the last byte read: a timer cleared when the
    // attempt ends. AbortSignal.timeout's lives on until it fires or its signal is collected, and
    // cost the delivery worker 3 % of its CPU.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
      this.options.timeoutMs,
    );
    try {
      const url = new URL(call.url);
      const literal = url.hostname.replace(/^\[|\]$/g, "");
      if (!this.options.allowPrivate && isIP(literal) && isPrivateAddress(literal)) {
        throw new UnsafeDestinationError(`${literal} is a private address`);
      }
      const { agent, request } = await this.prepare();
      const response = await request(url, {
        method: call.method,
        headers: { "content-type": "application/json", "user-agent": "Tandem-Webhooks/1", ...call.headers },
        body: call.body,
        dispatcher: agent,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        signal: deadline.signal,
      });
      // An empty answer (the usual 204) is not worth an async iterator over its body.
      const empty = response.statusCode === 204 || response.headers["content-length"] === "0";
      const responseBody = empty
        ? await response.body.dump().then(() => "")
        : await readStart(response.body).finally(() => response.body.destroy());
      return {
        statusCode: response.statusCode,
        durationMs: elapsed(),
        responseBody,
        retryAfterMs: parseRetryAfter(response.headers["retry-after"]),
        error: null,
        failure: null,
      };
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      const reason = cause instanceof UnsafeDestinationError ? cause : error;
      const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
      return {
        statusCode: null,
        durationMs: elapsed(),
        responseBody: null,
        retryAfterMs: null,
        error: message.slice(0, 500),
        failure: failureOf(reason),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.client) await (await this.client).agent.close();
  }
}
