import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../../api/http.ts";

export type Resource<T> =
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "error"; message: string };

/** One fetched thing for a settings panel: loading, ready or failed, with a way to fetch again. */
export function useResource<T>(load: () => Promise<T>) {
  const [resource, setResource] = useState<Resource<T>>({ status: "loading" });
  const reload = useCallback(() => {
    let cancelled = false;
    load()
      .then((data) => {
        if (!cancelled) setResource({ status: "ready", data });
      })
      .catch((error: unknown) => {
        if (!cancelled)
          setResource({
            status: "error",
            message: error instanceof ApiError ? error.message : "Loading failed.",
          });
      });
    return () => {
      cancelled = true;
    };
  }, [load]);
  useEffect(reload, [reload]);
  return { resource, reload, setResource };
}
