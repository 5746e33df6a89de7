import type { MessageStatus } from "@tandem/contract";
import type { ReactNode } from "react";
import { AlertIcon, CheckIcon, ClockIcon, DoubleCheckIcon } from "../../ui/icons.tsx";
import styles from "./StatusTicks.module.css";

const LOOK: Record<MessageStatus, { label: string; icon: ReactNode; tone: string }> = {
  pending: { label: "Sending", icon: <ClockIcon size={14} />, tone: styles.muted ?? "" },
  sent: { label: "Sent", icon: <CheckIcon size={16} />, tone: styles.muted ?? "" },
  received: { label: "Delivered", icon: <DoubleCheckIcon size={16} />, tone: styles.muted ?? "" },
  read: { label: "Read", icon: <DoubleCheckIcon size={16} />, tone: styles.read ?? "" },
  error: { label: "Failed", icon: <AlertIcon size={14} />, tone: styles.failed ?? "" },
  unavailable: { label: "Not delivered", icon: <AlertIcon size={14} />, tone: styles.failed ?? "" },
};

/** A pending message whose delivery to its app failed once and is being tried again. */
const RETRYING = {
  label: "Not delivered yet, retrying",
  icon: <AlertIcon size={14} />,
  tone: styles.retrying ?? "",
};

/** An outgoing message's way to the client: one tick sent, two delivered, blue two read. */
export function StatusTicks({ status, retrying = false }: { status: MessageStatus; retrying?: boolean }) {
  const look = retrying ? RETRYING : LOOK[status];
  return (
    <span
      className={`${styles.ticks} ${look.tone}`}
      data-status={status}
      data-retrying={retrying || undefined}
      title={look.label}
    >
      {look.icon}
      <span className="visually-hidden">{look.label}</span>
    </span>
  );
}

export const statusLabel = (status: MessageStatus) => LOOK[status].label;
