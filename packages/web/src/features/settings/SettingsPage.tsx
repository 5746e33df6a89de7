import { Link, paths, type SettingsTab } from "../../app/router.tsx";
import { BackIcon } from "../../ui/icons.tsx";
import { AppsPanel } from "./AppsPanel.tsx";
import { ChannelsPanel } from "./ChannelsPanel.tsx";
import { DeliveriesPanel } from "./DeliveriesPanel.tsx";
import styles from "./SettingsPage.module.css";
import { SubscriptionsPanel } from "./SubscriptionsPanel.tsx";
import { TemplatesPanel } from "./TemplatesPanel.tsx";

const TABS: Array<{ tab: SettingsTab; label: string }> = [
  { tab: "channels", label: "Channels" },
  { tab: "apps", label: "Apps" },
  { tab: "templates", label: "Templates" },
  { tab: "subscriptions", label: "Subscriptions" },
  { tab: "deliveries", label: "Delivery log" },
];

export function SettingsPage({ tab, isAdmin }: { tab: SettingsTab; isAdmin: boolean }) {
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <Link href={paths.inbox()} className={`icon-btn ${styles.back}`} aria-label="Back to the inbox">
          <BackIcon />
        </Link>
        <h1 className={styles.title}>Settings</h1>
      </header>
      <nav className={styles.tabs} aria-label="Settings sections">
        {TABS.map((entry) => (
          <Link
            key={entry.tab}
            href={paths.settings(entry.tab)}
            className={styles.tab}
            aria-current={entry.tab === tab ? "page" : undefined}
          >
            {entry.label}
          </Link>
        ))}
      </nav>
      <div className={styles.body}>
        {isAdmin ? null : (
          <p className={styles.readOnly}>
            Only an admin of your business can change these settings; you can look.
          </p>
        )}
        {tab === "channels" ? (
          <ChannelsPanel isAdmin={isAdmin} />
        ) : tab === "apps" ? (
          <AppsPanel isAdmin={isAdmin} />
        ) : tab === "templates" ? (
          <TemplatesPanel isAdmin={isAdmin} />
        ) : tab === "subscriptions" ? (
          <SubscriptionsPanel isAdmin={isAdmin} />
        ) : (
          <DeliveriesPanel isAdmin={isAdmin} />
        )}
      </div>
    </div>
  );
}
