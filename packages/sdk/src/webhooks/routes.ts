import type { WebhookEventName } from "@tandem/contract";

/**
 * How Tandem calls each event kind under the app's api_uri, as the contract's WEBHOOK_CATALOG says
 * (a test holds this table to it; a kind the catalog gains and this lacks fails to compile).
 */
export const WEBHOOK_ROUTES = {
  "channel.updated": { method: "PUT", path: "/channels/{channel_uid}" },
  "session.updated": { method: "PUT", path: "/sessions/{session_uid}" },
  "message.created": { method: "POST", path: "/messages" },
  "message.updated": { method: "PUT", path: "/messages/{message_uid}" },
  typing: { method: "POST", path: "/{session_uid}/typing" },
} as const satisfies Record<WebhookEventName, { method: "POST" | "PUT"; path: string }>;

export interface MatchedRoute {
  kind: WebhookEventName;
  /** The path's `{name}` values, decoded. */
  values: Record<string, string>;
}

const compiled = (Object.keys(WEBHOOK_ROUTES) as WebhookEventName[]).map((kind) => {
  const { method, path } = WEBHOOK_ROUTES[kind];
  const names: string[] = [];
  const pattern = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { kind, method, names, regex: new RegExp(`^${pattern}/?$`) };
});

/** The event kind a call is, by its method and its path under the app's base path; null: none. */
export function matchWebhookRoute(method: string, path: string): MatchedRoute | null {
  for (const route of compiled) {
    if (route.method !== method.toUpperCase()) continue;
    const found = route.regex.exec(path);
    if (!found) continue;
    const values: Record<string, string> = {};
    try {
      route.names.forEach((name, index) => {
        values[name] = decodeURIComponent(found[index + 1] ?? "");
      });
    } catch {
      return null;
    }
    return { kind: route.kind, values };
  }
  return null;
}
