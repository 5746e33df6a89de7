import type { DeliveryStatus } from "../../api/types.ts";
import type { Tone } from "../../ui/StatusPill.tsx";

export const DELIVERY_STATUS: Record<DeliveryStatus, { label: string; tone: Tone }> = {
  pending: { label: "Waiting", tone: "info" },
  delivering: { label: "Sending", tone: "info" },
  succeeded: { label: "Delivered", tone: "good" },
  failed: { label: "Failed", tone: "bad" },
  dropped: { label: "Dropped", tone: "neutral" },
};

const EVENTS: Record<string, string> = {
  "message.created": "Message to send",
  "message.updated": "Message status",
  "channel.updated": "Channel status",
  "session.updated": "Session status",
  typing: "Typing",
};

export const eventLabel = (event: string) => EVENTS[event] ?? event;
