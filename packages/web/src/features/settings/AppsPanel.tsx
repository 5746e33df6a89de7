import { pageApi } from "../../api/page-api.ts";
import { formatDateTime } from "../../ui/format.ts";
import { ErrorNotice } from "../../ui/Notice.tsx";
import { StatusPill } from "../../ui/StatusPill.tsx";
import styles from "./Panel.module.css";
import { PanelSkeleton } from "./PanelSkeleton.tsx";
import { useResource } from "./use-resource.ts";

const loadApps = () => pageApi.apps().then(({ apps }) => apps);

export function AppsPanel() {
  const { resource, reload } = useResource(loadApps);
  return (
    <section className={styles.panel} aria-labelledby="apps-heading">
      <h2 id="apps-heading" className="visually-hidden">
        Installed apps
      </h2>
      <p className={styles.intro}>
        Communication apps bring messaging networks into Tandem. Your operator installs them, or an admin does
        through the app's own sign-up.
      </p>
      {resource.status === "loading" ? (
        <PanelSkeleton />
      ) : resource.status === "error" ? (
        <ErrorNotice message={resource.message} onRetry={reload} />
      ) : resource.data.length === 0 ? (
        <div className={styles.card}>
          <p className={styles.row}>No apps are installed yet.</p>
        </div>
      ) : (
        <div className={styles.card}>
          <ul className={styles.rows}>
            {resource.data.map((app) => (
              <li key={app.app_id} className={styles.row}>
                <div className={styles.main}>
                  <span className={styles.name}>{app.name}</span>
                  <span className={styles.detail}>
                    <span className={styles.mono}>{app.app_code_name}</span> · {app.app_type.join(", ")} ·
                    installed {formatDateTime(app.installed_at)}
                  </span>
                </div>
                {app.unreachable ? (
                  <StatusPill tone="bad">Not responding</StatusPill>
                ) : (
                  <StatusPill tone="good">Reachable</StatusPill>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
