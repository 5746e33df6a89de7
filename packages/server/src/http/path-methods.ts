import type { FastifyInstance } from "fastify";

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

const escapeLiteral = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/** `/platform/v1/apps/:app_id` → a pattern of the paths it answers (`:name` is one path segment). */
function patternOf(url: string): RegExp {
  const segments = url
    .replace(/\/+$/, "")
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : escapeLiteral(segment)));
  return new RegExp(`^${segments.join("/")}/*$`);
}

/**
 * The methods each registered path answers, so that a request with a wrong method on a known path
 * is told which ones it allows (405 with `Allow`) instead of hearing that nothing is there.
 */
export class PathMethods {
  private readonly byUrl = new Map<string, KnownPath>();

  /** Records every route registered from now on; wildcard routes (the page, /docs) stay out: they take any path. */
  watch(http: FastifyInstance): void {
    http.addHook("onRoute", (route) => {
      if (route.url.includes("*")) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      let known = this.byUrl.get(route.url);
      if (!known) {
        known = { pattern: patternOf(route.url), methods: new Set() };
        this.byUrl.set(route.url, known);
      }
      for (const method of methods) known.methods.add(method.toUpperCase());
    });
  }

  /** The methods some route answers at this path (without its query), sorted; empty for an unknown path. */
  allowedAt(path: string): string[] {
    const allowed = new Set<string>();
    for (const known of this.byUrl.values()) {
      if (known.pattern.test(path)) for (const method of known.methods) allowed.add(method);
    }
    return [...allowed].sort();
  }
}
