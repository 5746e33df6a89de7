import type { Delivery, DeliveryState } from "@tandem/contract";
import { formatClock } from "../../ui/format.ts";
import type { Tone } from "../../ui/StatusPill.tsx";

export const DELIVERY_STATE: Record<DeliveryState, { label: string; tone: Tone }> = {
  pending: { label: "Waiting", tone: "info" },
  delivering: { label: "Sending", tone: "info" },
  retrying: { label: "Retrying", tone: "warn" },
  succeeded: { label: "Delivered", tone: "good" },
  failed: { label: "Failed", tone: "bad" },
  dropped: { label: "Dropped", tone: "neutral" },
};

/** The row's one line: "Retrying — attempt 2 answered HTTP 500, next try at 14:05". */
export function deliveryLine(delivery: Delivery): string {
  if (delivery.state !== "retrying") return delivery.summary;
  return delivery.next_attempt_at
    ? `${delivery.summary}, next try at ${formatClock(delivery.next_attempt_at)}`
    : `${delivery.summary}, trying again now`;
}
