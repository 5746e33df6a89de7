import type { UnavailableReason } from "@tandem/contract";

/** Why a channel can't reach the client now, in words staff understand. */
export const REASON_TEXT: Record<UnavailableReason, string> = {
  no_active_session: "No active session with this client",
  channel_inactive: "Channel is switched off",
  app_unreachable: "The channel's app is not responding",
  app_uninstalled: "The channel's app was uninstalled",
};

export const reasonText = (reason: UnavailableReason | null) =>
  reason ? (REASON_TEXT[reason] ?? reason) : "Not available";
