/** A request URL's path under the app's base path, or null when it lies elsewhere. */
export function pathUnder(url: string, basePath: string): string | null {
  const path = url.split("?", 1)[0] ?? "";
  const base = basePath.replace(/\/+$/, "");
  if (!base) return path || "/";
  if (path === base) return "/";
  return path.startsWith(`${base}/`) ? path.slice(base.length) : null;
}
