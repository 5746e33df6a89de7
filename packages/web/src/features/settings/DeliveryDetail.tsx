import { useCallback, useState } from "react";
import { ApiError } from "../../api/http.ts";
import { pageApi } from "../../api/page-api.ts";
import { formatDateTime } from "../../ui/format.ts";
import { RetryIcon } from "../../ui/icons.tsx";
import { ErrorNotice } from "../../ui/Notice.tsx";
import styles from "./DeliveriesPanel.module.css";
import panel from "./Panel.module.css";
import { useResource } from "./use-resource.ts";

const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** One delivery opened: what was sent, every attempt and its answer, and a retry when it failed. */
export function DeliveryDetail({
  uid,
  isAdmin,
  onRetried,
}: {
  uid: string;
  isAdmin: boolean;
  onRetried: () => void;
}) {
  const load = useCallback(() => pageApi.delivery(uid).then(({ delivery }) => delivery), [uid]);
  const { resource, reload, setResource } = useResource(load);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (resource.status === "loading") return <p className={styles.detail}>Loading attempts…</p>;
  if (resource.status === "error") return <ErrorNotice message={resource.message} onRetry={reload} />;
  const delivery = resource.data;

  const retry = async () => {
    setBusy(true);
    setError(null);
    try {
      setResource({ status: "ready", data: (await pageApi.retryDelivery(uid)).delivery });
      onRetried();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Retrying failed.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={styles.detail}>
      {delivery.status === "failed" && isAdmin ? (
        <div className={styles.retry}>
          <span>Every attempt failed. Send it again once the app is back.</span>
          <button type="button" className="btn btn-primary btn-small" onClick={retry} disabled={busy}>
            <RetryIcon size={14} />
            {busy ? "Retrying…" : "Retry delivery"}
          </button>
        </div>
      ) : null}
      {error ? <ErrorNotice message={error} /> : null}
      <table className={panel.table}>
        <caption className="visually-hidden">Attempts</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Answer</th>
            <th scope="col">Took</th>
          </tr>
        </thead>
        <tbody>
          {delivery.attempts.length === 0 ? (
            <tr>
              <td colSpan={4}>Not attempted yet.</td>
            </tr>
          ) : (
            delivery.attempts.map((attempt) => (
              <tr key={attempt.attempt_number}>
                <td>{attempt.attempt_number}</td>
                <td>{formatDateTime(attempt.attempted_at)}</td>
                <td>
                  {sentenceCase(attempt.outcome)}
                  {attempt.response_body ? (
                    <code className={styles.response}>{attempt.response_body}</code>
                  ) : null}
                </td>
                <td>{attempt.duration_ms === null ? "—" : `${attempt.duration_ms} ms`}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <details className={styles.payload}>
        <summary>What was sent</summary>
        <pre>{JSON.stringify(delivery.payload, null, 2)}</pre>
      </details>
    </div>
  );
}
