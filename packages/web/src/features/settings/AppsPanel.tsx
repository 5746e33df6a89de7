import type { InstalledApp, AppCheckReport as Report } from "@tandem/contract";
import { useState } from "react";
import { ApiError } from "../../api/http.ts";
import { pageApi } from "../../api/page-api.ts";
import { formatDateTime } from "../../ui/format.ts";
import { ErrorNotice } from "../../ui/Notice.tsx";
import { StatusPill } from "../../ui/StatusPill.tsx";
import { AppCheckReport } from "./AppCheckReport.tsx";
import { checkSummary } from "./app-check-labels.ts";
import styles from "./Panel.module.css";
import { PanelSkeleton } from "./PanelSkeleton.tsx";
import { useResource } from "./use-resource.ts";

const loadApps = () => pageApi.apps().then(({ apps }) => apps);

export function AppsPanel({ isAdmin }: { isAdmin: boolean }) {
  const { resource, reload } = useResource(loadApps);
  return (
    <section className={styles.panel} aria-labelledby="apps-heading">
      <h2 id="apps-heading" className="visually-hidden">
        Installed apps
      </h2>
      <p className={styles.intro}>
        Communication apps bring messaging networks into Tandem. Your operator installs them, or an admin does
        through the app's own sign-up.
        {isAdmin
          ? " Check an app to see whether it handles each of Tandem's webhooks and refuses forged ones."
          : null}
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
              <AppRow key={app.app_id} app={app} isAdmin={isAdmin} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

type Check =
  | { status: "idle" }
  | { status: "running" }
  | { status: "done"; report: Report }
  | { status: "error"; message: string };

function AppRow({ app, isAdmin }: { app: InstalledApp; isAdmin: boolean }) {
  const [check, setCheck] = useState<Check>({ status: "idle" });
  const run = async () => {
    setCheck({ status: "running" });
    try {
      setCheck({ status: "done", report: (await pageApi.checkApp(app.app_id)).report });
    } catch (failure) {
      setCheck({
        status: "error",
        message: failure instanceof ApiError ? failure.message : "The check failed.",
      });
    }
  };
  const running = check.status === "running";

  return (
    <li className={styles.row} data-app-id={app.app_id}>
      <div className={styles.main}>
        <span className={styles.name}>{app.name}</span>
        <span className={styles.detail}>
          <span className={styles.mono}>{app.app_code_name}</span> · {app.app_type.join(", ")} · installed{" "}
          {formatDateTime(app.installed_at)}
        </span>
      </div>
      {app.unreachable ? (
        <StatusPill tone="bad">Not responding</StatusPill>
      ) : (
        <StatusPill tone="good">Reachable</StatusPill>
      )}
      {isAdmin ? (
        <div className={styles.actions}>
          <button type="button" className="btn btn-small" onClick={run} disabled={running}>
            {running ? "Checking…" : "Check this app"}
            <span className="visually-hidden">: {app.name}</span>
          </button>
        </div>
      ) : null}
      {/* Announced when the check starts and when its report arrives. */}
      <p role="status" className={running ? styles.wide : "visually-hidden"}>
        {running
          ? "Checking: Tandem calls the app with each webhook, signed and forged, one call at a time. A slow app takes a while."
          : check.status === "done"
            ? `Check finished. ${checkSummary(check.report)}.`
            : ""}
      </p>
      {check.status === "done" ? (
        <AppCheckReport report={check.report} headingId={`check-${app.app_id}`} />
      ) : check.status === "error" ? (
        <div className={styles.wide}>
          <ErrorNotice message={check.message} onRetry={run} />
        </div>
      ) : null}
    </li>
  );
}
