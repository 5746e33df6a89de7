/** Columns that hold JSON text (both dialects store JSON as text), read back defensively: a bad row must not break a whole page. */
export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
