import type { AppCheckReport as Report } from "@tandem/contract";
import { StatusPill } from "../../ui/StatusPill.tsx";
import styles from "./AppCheckReport.module.css";
import { CHECK_LABEL, checkSummary, OUTCOME } from "./app-check-labels.ts";
import panel from "./Panel.module.css";

/** What `tandem check-app` reports, as the settings page shows it: a verdict, a line of counts, each call. */
export function AppCheckReport({ report, headingId }: { report: Report; headingId: string }) {
  return (
    <section className={styles.report} aria-labelledby={headingId}>
      <div className={styles.verdict}>
        <h3 id={headingId} className={styles.title}>
          Check of <span className={styles.mono}>{report.api_uri}</span>
        </h3>
        {report.passed ? (
          <StatusPill tone="good">Handles Tandem's webhooks</StatusPill>
        ) : (
          <StatusPill tone="bad">Does not handle Tandem's webhooks</StatusPill>
        )}
      </div>
      <p className={styles.summary}>
        {checkSummary(report)}, each timed against Tandem's {report.timeout_ms / 1000} s timeout.
      </p>
      <div className={styles.scroll}>
        <table className={`${panel.table} ${styles.checks}`}>
          <caption className="visually-hidden">Each call of the check</caption>
          <thead>
            <tr>
              <th scope="col">Webhook</th>
              <th scope="col">Check</th>
              <th scope="col">Result</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {report.checks.map((check) => (
              <tr
                key={`${check.kind}/${check.check}`}
                data-check={`${check.kind}/${check.check}`}
                data-outcome={check.outcome}
              >
                <td>
                  {check.kind}
                  <span className={styles.call} title={`${check.method} ${check.path}`}>
                    {check.method} {check.path}
                  </span>
                </td>
                <td>
                  {CHECK_LABEL[check.check] ?? check.check}
                  <span className={styles.expected}>expects {check.expected}</span>
                </td>
                <td>
                  <StatusPill tone={OUTCOME[check.outcome].tone}>{OUTCOME[check.outcome].label}</StatusPill>
                </td>
                <td>{check.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.notes.map((note) => (
        <p key={note} className={styles.note}>
          {note}
        </p>
      ))}
    </section>
  );
}
