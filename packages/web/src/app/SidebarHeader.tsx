import type { Staff } from "@tandem/contract";
import type { SignedInBusiness } from "../api/page-api.ts";
import { useLive } from "../state/live-context.tsx";
import { useStore } from "../state/store.ts";
import { Brand } from "../ui/Brand.tsx";
import { SettingsIcon, SignOutIcon } from "../ui/icons.tsx";
import { Link, paths } from "./router.tsx";
import styles from "./SidebarHeader.module.css";

export function SidebarHeader({
  staff,
  business,
  onSignOut,
}: {
  staff: Staff;
  business: SignedInBusiness;
  onSignOut: () => void;
}) {
  return (
    <header className={styles.header}>
      <Brand compact />
      <div className={styles.who}>
        <span className={styles.business}>{business.name}</span>
        <span className={styles.staff}>{staff.display_name}</span>
      </div>
      <FeedStatus />
      <Link className="icon-btn" href={paths.settings()} aria-label="Settings" title="Settings">
        <SettingsIcon />
      </Link>
      <button type="button" className="icon-btn" onClick={onSignOut} aria-label="Sign out" title="Sign out">
        <SignOutIcon />
      </button>
    </header>
  );
}

/** Whether the page is receiving live updates; when it isn't, say so rather than show stale data silently. */
function FeedStatus() {
  const { hub } = useLive();
  const state = useStore(hub, (current) => current);
  if (state === "live")
    return (
      <span className={styles.live} title="Live updates on" role="status">
        <span className="visually-hidden">Live updates on</span>
      </span>
    );
  return (
    <span className={styles.offline} role="status">
      {state === "connecting" ? "Connecting…" : "Reconnecting…"}
    </span>
  );
}
