/** One JSON call to the page API: unwraps `{success, data}` and turns `{success: false}` into an ApiError. */

export interface ErrorDetail {
  code: string;
  field?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly details: ErrorDetail[],
  ) {
    super(details[0]?.message ?? `request failed (${status})`);
    this.name = "ApiError";
  }

  get code(): string {
    return this.details[0]?.code ?? "unexpected";
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Any 401 means the sign-in ended (expired, signed out elsewhere): the app goes back to the sign-in form. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

interface Envelope<T> {
  success: boolean;
  data?: T;
  errors?: ErrorDetail[];
}

export type Query = Record<string, string | number | boolean | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function request<T>(
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, [{ code: "offline", message: "Tandem cannot be reached. Check your connection." }]);
  }
  const envelope = (await response.json().catch(() => null)) as Envelope<T> | null;
  if (response.ok && envelope?.success) return envelope.data as T;
  if (response.status === 401 && path !== "/api/auth/login") {
    for (const listener of unauthorizedListeners) listener();
  }
  throw new ApiError(
    response.status,
    envelope?.errors ?? [{ code: "unexpected", message: `Tandem answered ${response.status}.` }],
  );
}
