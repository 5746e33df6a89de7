import { checkAnswer } from "./answer-check.js";

/**
 * A small JSON client for tests: every call answers status, headers and the parsed body, after the
 * answer is checked against the operation's documented answers (answer-check.ts).
 */
export interface Answer<T = JsonObject> {
  status: number;
  headers: Headers;
  body: T;
}

// biome-ignore lint/suspicious/noExplicitAny: test bodies are explored freely and asserted field by field
export type JsonObject = Record<string, any>;

export interface CallOptions {
  token?: string | undefined;
  headers?: Record<string, string>;
  cookie?: string;
}

export async function call<T = JsonObject>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  // JSON unless the test declares another type on purpose.
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  await checkAnswer(baseUrl, method, path, response.status, response.headers.get("content-type"), text);
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    // Not JSON (HTML pages, metrics): the text itself.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** Bound to one server and, optionally, one token. */
export function client(baseUrl: string, token?: string) {
  const as =
    (method: string) =>
    (path: string, body?: unknown, options: CallOptions = {}) =>
      call(baseUrl, method, path, body, { token, ...options });
  return { get: as("GET"), post: as("POST"), put: as("PUT"), delete: as("DELETE"), baseUrl, token };
}

export type Client = ReturnType<typeof client>;
