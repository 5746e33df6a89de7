import type { Staff } from "@tandem/contract";
import type { SignedInBusiness } from "../api/page-api.ts";
import { InboxPanel } from "../features/inbox/InboxPanel.tsx";
import { SettingsPage } from "../features/settings/SettingsPage.tsx";
import { NoThreadSelected } from "../features/thread/NoThreadSelected.tsx";
import { ThreadPane } from "../features/thread/ThreadPane.tsx";
import { LiveProvider } from "../state/live-context.tsx";
import { parseRoute, usePathname } from "./router.tsx";
import styles from "./Shell.module.css";
import { SidebarHeader } from "./SidebarHeader.tsx";
import { UnreadTitle } from "./UnreadTitle.tsx";

/** Two panes on a desktop (inbox beside the open thread), one at a time on a phone. */
export function Shell({
  staff,
  business,
  onSignOut,
}: {
  staff: Staff;
  business: SignedInBusiness;
  onSignOut: () => void;
}) {
  const route = parseRoute(usePathname());
  const activeClientUid = route.name === "thread" ? route.clientUid : null;
  return (
    <LiveProvider staffUid={staff.uid}>
      <UnreadTitle businessName={business.name} />
      <a className="skip-link" href="#main">
        Skip to the conversation
      </a>
      <div className={styles.shell} data-view={route.name === "inbox" ? "list" : "detail"}>
        <aside className={styles.sidebar} aria-label="Inbox">
          <SidebarHeader staff={staff} business={business} onSignOut={onSignOut} />
          <InboxPanel activeClientUid={activeClientUid} />
        </aside>
        <main id="main" className={styles.main} tabIndex={-1}>
          {route.name === "thread" ? (
            <ThreadPane key={route.clientUid} clientUid={route.clientUid} />
          ) : route.name === "settings" ? (
            <SettingsPage tab={route.tab} isAdmin={staff.role === "admin"} />
          ) : (
            <NoThreadSelected />
          )}
        </main>
      </div>
    </LiveProvider>
  );
}
