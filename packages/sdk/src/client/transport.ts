import { errorDetailsOf, TandemError } from "../errors.js";
import { ENDPOINTS, type EndpointName, fillPath } from "./endpoints.js";
import {
  backoffMs,
  type RetryMode,
  type RetryOptions,
  type RetryPolicy,
  retriesNetworkError,
  retriesStatus,
  retryAfterMs,
  retryPolicy,
  sleep,
} from "./retry.js";

export type QueryValue = string | number | boolean | undefined;

/** One call of an endpoint: its path values, query, and a JSON body or a form. */
export interface Call {
  endpoint: EndpointName;
  params?: Readonly<Record<string, string>>;
  query?: object;
  body?: unknown;
  form?: Readonly<Record<string, string | undefined>>;
  headers?: Readonly<Record<string, string>>;
  /** Overrides the endpoint's retry mode (the token endpoint's grants differ). */
  retry?: RetryMode;
}

/** The credential of a call, fetched afresh for each attempt; `rejected` lets a 401 renew it once. */
export interface Authorization {
  headers(): Promise<Record<string, string>>;
  /** Told the credential was refused (401): answers whether a renewed one is worth a second try. */
  rejected?(headers: Record<string, string>): Promise<boolean>;
}

export interface TransportOptions {
  baseUrl: string;
  /** The fetch to call (default: the runtime's global fetch). */
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Each attempt's time limit (default 30 s); an attempt that runs out counts as a network failure. */
  timeoutMs?: number;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

function queryString(query: object | undefined): string {
  if (!query) return "";
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query) as Array<[string, QueryValue]>) {
    if (value !== undefined) search.append(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sends calls to one Tandem: encodes them, authorizes each attempt, retries what may be retried. */
export class Transport {
  readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    // Bound so that runtimes whose fetch needs its global `this` (browsers, workers) accept it.
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.policy = retryPolicy(options.retry);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  url(endpoint: EndpointName, params?: Readonly<Record<string, string>>, query?: object): string {
    return `${this.baseUrl}${fillPath(ENDPOINTS[endpoint].path, params)}${queryString(query)}`;
  }

  /** The answer of a call that succeeded (2xx); anything else is thrown as a TandemError. */
  async send(call: Call, authorization?: Authorization): Promise<Answer> {
    const { method, retry } = ENDPOINTS[call.endpoint];
    const mode = call.retry ?? retry;
    const path = fillPath(ENDPOINTS[call.endpoint].path, call.params);
    const url = this.url(call.endpoint, call.params, call.query);
    let renewedCredential = false;
    for (let attempt = 1; ; attempt++) {
      const credential = (await authorization?.headers()) ?? {};
      let response: Response;
      try {
        response = await this.fetch(url, {
          method,
          headers: { accept: "application/json", ...this.contentType(call), ...call.headers, ...credential },
          body: this.encodeBody(call),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        if (attempt < this.policy.maxAttempts && retriesNetworkError(mode, error)) {
          await sleep(backoffMs(this.policy, attempt));
          continue;
        }
        throw new TandemError({
          status: 0,
          code: "network_error",
          message: error instanceof Error ? error.message : String(error),
          method,
          path,
          cause: error,
        });
      }
      const body = await parseBody(response);
      if (response.ok) return { status: response.status, headers: response.headers, body };

      const wait = retryAfterMs(response.headers.get("retry-after"));
      if (response.status === 401 && !renewedCredential && authorization?.rejected) {
        renewedCredential = true;
        if (await authorization.rejected(credential)) {
          attempt--;
          continue;
        }
      }
      const waitAllowed = wait === undefined || wait <= this.policy.maxRetryAfterMs;
      if (attempt < this.policy.maxAttempts && retriesStatus(mode, response.status) && waitAllowed) {
        await sleep(wait ?? backoffMs(this.policy, attempt));
        continue;
      }
      const errors = errorDetailsOf(response.status, body);
      const first = errors[0];
      throw new TandemError({
        status: response.status,
        code: first?.code ?? "unexpected",
        message: first?.message ?? `HTTP ${response.status}`,
        field: first?.field,
        requestId: response.headers.get("x-request-id") ?? undefined,
        errors,
        method,
        path,
        retryAfterMs: wait,
      });
    }
  }

  private contentType(call: Call): Record<string, string> {
    if (call.form) return { "content-type": "application/x-www-form-urlencoded" };
    return call.body === undefined ? {} : { "content-type": "application/json" };
  }

  private encodeBody(call: Call): string | undefined {
    if (call.form) {
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries(call.form))
        if (value !== undefined) form.append(name, value);
      return form.toString();
    }
    return call.body === undefined ? undefined : JSON.stringify(call.body);
  }
}
