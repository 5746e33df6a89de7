import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from "react";

/** The page's places; unknown paths show the inbox. */
export type Route =
  | { name: "inbox" }
  | { name: "thread"; clientUid: string }
  | { name: "settings"; tab: SettingsTab };

export type SettingsTab = "channels" | "apps" | "templates" | "subscriptions" | "deliveries";
const SETTINGS_TABS: SettingsTab[] = ["channels", "apps", "templates", "subscriptions", "deliveries"];

export function parseRoute(pathname: string): Route {
  const [first, second] = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (first === "conversations" && second) return { name: "thread", clientUid: second };
  if (first === "settings") {
    const tab = SETTINGS_TABS.find((name) => name === second) ?? "channels";
    return { name: "settings", tab };
  }
  return { name: "inbox" };
}

export const paths = {
  inbox: () => "/",
  thread: (clientUid: string) => `/conversations/${encodeURIComponent(clientUid)}`,
  settings: (tab: SettingsTab = "channels") => `/settings/${tab}`,
};

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
window.addEventListener("popstate", notify);

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  notify();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** An ordinary link (open in new tab still works) that moves inside the page without reloading it. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
