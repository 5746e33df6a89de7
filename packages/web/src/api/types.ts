/** The page API's shapes (SPEC §8), as the server's presenters write them. */

export type Role = "admin" | "staff";

export interface Staff {
  uid: string;
  email: string;
  display_name: string;
  role: Role;
  business_uid: string;
}

export interface Business {
  uid: string;
  name: string;
}

export interface Client {
  uid: string;
  business_uid: string;
  first_name: string;
  last_name: string | null;
  display_name: string;
  email: string | null;
  phone: string | null;
  created_at: string;
  last_activity_at: string | null;
}

export type MessageStatus = "pending" | "sent" | "received" | "read" | "error" | "unavailable";
export type MessageDirection = "client_to_business" | "business_to_client";

export interface Attachment {
  url: string;
  content_type?: string;
  name?: string;
  size?: number;
}

export interface MessageError {
  code?: string;
  message?: string;
  retryable?: boolean;
}

export interface MessageSender {
  kind: "staff" | "business" | "client";
  staff_uid?: string;
  display_name?: string;
}

export interface ChannelBadge {
  uid: string;
  display_name: string;
  app_code_name: string;
}

export interface ThreadMessage {
  uid: string;
  message_uid: string;
  client_uid: string;
  matter_uid: string;
  session_uid: string;
  direction: MessageDirection;
  message: string;
  status: MessageStatus;
  error: MessageError | null;
  created_at: string;
  updated_at: string;
  attachments: Attachment[];
  channel: ChannelBadge;
  sender: MessageSender | null;
}

export interface Conversation {
  client_uid: string;
  client: Client;
  last_message: ThreadMessage | null;
  unread_count: number;
  updated_at: string;
}

export interface Pagination {
  page: number;
  per_page: number;
  total: number;
}

export type UnavailableReason =
  | "no_active_session"
  | "channel_inactive"
  | "app_unreachable"
  | "app_uninstalled";

export interface ChannelChoice {
  channel_uid: string;
  display_name: string;
  app_code_name: string;
  session_uid: string | null;
  available: boolean;
  reason: UnavailableReason | null;
}

export type ChannelStatus = "pending" | "active" | "inactive" | "blocked" | "deleted" | "error";

export interface Channel {
  uid: string;
  status: ChannelStatus;
  type: string;
  display_name: string;
  business_uid: string;
  app_code_name: string;
  created_at: string;
  updated_at: string;
}

export type SessionStatus = "pending" | "active" | "inactive" | "deleted";

export interface Session {
  uid: string;
  status: SessionStatus;
  channel_uid: string;
  client_uid: string;
  matter_uid: string;
  external_uid: string;
}

export interface InstalledApp {
  app_id: string;
  app_code_name: string;
  name: string;
  app_type: string[];
  unreachable: boolean;
  installed_at: string;
}

export type DeliveryStatus = "pending" | "delivering" | "succeeded" | "failed" | "dropped";

/** Where a delivery stands for the log: `retrying` is a pending (or sending) one whose last attempt failed. */
export type DeliveryState = "pending" | "delivering" | "retrying" | "succeeded" | "failed" | "dropped";

export interface Delivery {
  uid: string;
  webhook_id: string;
  app_id: string;
  app: { app_id: string; name: string; app_code_name: string } | null;
  client: { client_uid: string; display_name: string } | null;
  event: string;
  method: string;
  path: string;
  payload: unknown;
  status: DeliveryStatus;
  state: DeliveryState;
  /** In words, e.g. "Retrying — attempt 2 answered HTTP 500". */
  summary: string;
  attempt_count: number;
  last_attempt: {
    attempt_number: number;
    status_code: number | null;
    reason: string | null;
    outcome: string;
  } | null;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  completed_at: string | null;
}

export interface DeliveryAttempt {
  attempt_number: number;
  attempted_at: string;
  status_code: number | null;
  duration_ms: number | null;
  response_body: string | null;
  error: string | null;
  reason: string | null;
  outcome: string;
}

export interface DeliveryWithAttempts extends Delivery {
  attempts: DeliveryAttempt[];
}
