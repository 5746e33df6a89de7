import styles from "./Panel.module.css";

export function PanelSkeleton() {
  return (
    <div className={styles.card} aria-busy="true">
      <span className="visually-hidden">Loading…</span>
      {[0, 1, 2].map((key) => (
        <div key={key} className={styles.skeletonRow} style={{ padding: 16 }}>
          <span className="skeleton" style={{ display: "block", width: "40%", height: 14 }} />
        </div>
      ))}
    </div>
  );
}
