import { type Query, request, withQuery } from "./http.ts";
import type {
  Business,
  Channel,
  ChannelChoice,
  ChannelStatus,
  Conversation,
  Delivery,
  DeliveryStatus,
  DeliveryWithAttempts,
  InstalledApp,
  Pagination,
  Staff,
  ThreadMessage,
} from "./types.ts";

const clientPath = (clientUid: string, rest: string) =>
  `/api/conversations/${encodeURIComponent(clientUid)}/${rest}`;

/** Every call of the page's API, typed (SPEC §8). */
export const pageApi = {
  login: (email: string, password: string) =>
    request<{ staff: Staff }>("POST", "/api/auth/login", { email, password }),
  logout: () => request<Record<string, never>>("POST", "/api/auth/logout"),
  me: () => request<{ staff: Staff; business: Business }>("GET", "/api/auth/me"),

  conversations: (query: { search?: string; page?: number; per_page?: number }, signal?: AbortSignal) =>
    request<{ conversations: Conversation[]; pagination: Pagination }>(
      "GET",
      withQuery("/api/conversations", query as Query),
      undefined,
      signal,
    ),
  conversation: (clientUid: string) =>
    request<{ conversation: Conversation }>("GET", `/api/conversations/${encodeURIComponent(clientUid)}`),
  messages: (clientUid: string, query: { before?: string; limit?: number } = {}) =>
    request<{ messages: ThreadMessage[]; has_more: boolean }>(
      "GET",
      withQuery(clientPath(clientUid, "messages"), query as Query),
    ),
  send: (clientUid: string, body: { channel_uid: string; message: string }) =>
    request<{ message: ThreadMessage }>("POST", clientPath(clientUid, "messages"), body),
  markRead: (clientUid: string) => request<{ read: number }>("POST", clientPath(clientUid, "read")),
  typing: (clientUid: string, body: { channel_uid: string; typing: boolean }) =>
    request<Record<string, never>>("POST", clientPath(clientUid, "typing"), body),
  channelChoices: (clientUid: string) =>
    request<{ channels: ChannelChoice[] }>("GET", clientPath(clientUid, "channels")),
  retryMessage: (messageUid: string) =>
    request<{ message: ThreadMessage }>("POST", `/api/messages/${encodeURIComponent(messageUid)}/retry`),

  apps: () => request<{ apps: InstalledApp[] }>("GET", "/api/apps"),
  channels: () => request<{ channels: Channel[] }>("GET", "/api/channels"),
  setChannelStatus: (uid: string, status: Extract<ChannelStatus, "active" | "inactive" | "deleted">) =>
    request<{ channel: Channel }>("PUT", `/api/channels/${encodeURIComponent(uid)}`, { status }),
  deliveries: (query: {
    status?: DeliveryStatus;
    attention?: boolean;
    include_typing?: boolean;
    page?: number;
    per_page?: number;
  }) =>
    request<{ deliveries: Delivery[]; pagination: Pagination }>(
      "GET",
      withQuery("/api/deliveries", query as Query),
    ),
  delivery: (uid: string) =>
    request<{ delivery: DeliveryWithAttempts }>("GET", `/api/deliveries/${encodeURIComponent(uid)}`),
  retryDelivery: (uid: string) =>
    request<{ delivery: DeliveryWithAttempts }>("POST", `/api/deliveries/${encodeURIComponent(uid)}/retry`),
};
