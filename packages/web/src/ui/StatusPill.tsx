import styles from "./StatusPill.module.css";

export type Tone = "good" | "bad" | "warn" | "neutral" | "info";

export function StatusPill({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`${styles.pill} ${styles[tone] ?? ""}`}>{children}</span>;
}
