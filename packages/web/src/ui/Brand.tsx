import styles from "./Brand.module.css";

export function Brand({ compact = false }: { compact?: boolean }) {
  return (
    <span className={styles.brand}>
      <svg className={styles.mark} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" fill="#3b46c4" />
        <path d="M9 11h14M16 11v12" stroke="#fff" strokeWidth="3.2" strokeLinecap="round" />
      </svg>
      {compact ? (
        <span className="visually-hidden">Tandem</span>
      ) : (
        <span className={styles.name}>Tandem</span>
      )}
    </span>
  );
}
