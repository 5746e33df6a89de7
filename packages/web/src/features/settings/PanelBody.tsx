import type { ReactNode } from "react";
import { ErrorNotice } from "../../ui/Notice.tsx";
import styles from "./Panel.module.css";
import { PanelSkeleton } from "./PanelSkeleton.tsx";
import type { Resource } from "./use-resource.ts";

/** A settings panel's list: a skeleton while loading, the error with a retry, the empty text, or the rows. */
export function PanelBody<T>({
  resource,
  reload,
  empty,
  children,
}: {
  resource: Resource<T[]>;
  reload: () => void;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  if (resource.status === "loading") return <PanelSkeleton />;
  if (resource.status === "error") return <ErrorNotice message={resource.message} onRetry={reload} />;
  return (
    <div className={styles.card}>
      {resource.data.length === 0 ? (
        <p className={styles.row}>{empty}</p>
      ) : (
        <ul className={styles.rows}>{children(resource.data)}</ul>
      )}
    </div>
  );
}
