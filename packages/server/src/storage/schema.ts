import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/*
 * The database as Kysely sees it. Both dialects store the same shapes:
 * timestamps are ISO-8601 UTC strings (fixed width, so they sort as text),
 * booleans are 0/1 integers and JSON is text, so shared code never branches on the dialect.
 */

type Flag = number;

export interface AppsTable {
  id: string;
  code_name: string;
  name: string;
  app_type: string;
  redirect_uri: string;
  api_uri: string | null;
  trusted: Flag;
  url_params: string;
  scopes: string;
  app_layer: string | null;
  open_channel: Flag;
  client_id: string;
  client_secret_hash: string;
  client_secret_version: number;
  webhook_secret_enc: string;
  previous_webhook_secret_enc: string | null;
  previous_webhook_secret_until: string | null;
  failing_since: string | null;
  unreachable: Flag;
  last_success_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface BusinessesTable {
  uid: string;
  name: string;
  created_at: string;
}

export interface StaffTable {
  uid: string;
  business_uid: string;
  email: string;
  display_name: string;
  role: "admin" | "staff";
  password_hash: string;
  created_at: string;
}

export interface StaffSessionsTable {
  id_hash: string;
  staff_uid: string;
  created_at: string;
  expires_at: string;
}

export interface InstallationsTable {
  business_uid: string;
  app_id: string;
  created_at: string;
}

export interface ApiTokensTable {
  token_hash: string;
  kind: "app" | "staff";
  app_id: string | null;
  business_uid: string | null;
  staff_uid: string | null;
  scopes: string;
  created_at: string;
  expires_at: string;
}

export interface ClientsTable {
  uid: string;
  business_uid: string;
  first_name: string;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  /** The client's custom fields: a JSON object of strings. */
  attributes: string;
  created_at: string;
  last_activity_at: string | null;
}

export interface MattersTable {
  uid: string;
  business_uid: string;
  client_uid: string;
  display_name: string;
  created_at: string;
  last_activity_at: string | null;
}

export type ChannelStatus = "pending" | "active" | "inactive" | "blocked" | "deleted" | "error";

export interface ChannelsTable {
  uid: string;
  business_uid: string;
  app_id: string;
  type: "transactional" | "promotional";
  display_name: string;
  status: ChannelStatus;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export type SessionStatus = "pending" | "active" | "inactive" | "deleted";

export interface SessionsTable {
  uid: string;
  business_uid: string;
  channel_uid: string;
  client_uid: string;
  matter_uid: string;
  external_uid: string;
  status: SessionStatus;
  /**
   * 1 while the session was opened by Tandem for a message to the client's phone or email and the
   * app has not yet named its own id of the client (external_uid holds that phone or email meanwhile).
   */
  awaiting_app: Flag;
  created_at: string;
  updated_at: string;
}

export type MessageStatus = "pending" | "sent" | "received" | "read" | "error" | "unavailable";
export type MessageDirection = "client_to_business" | "business_to_client";

export interface MessagesTable {
  seq: Generated<number>;
  uid: string;
  business_uid: string;
  channel_uid: string;
  session_uid: string;
  client_uid: string;
  matter_uid: string;
  message_uid: string;
  direction: MessageDirection;
  body: string;
  attachments: string;
  status: MessageStatus;
  error: string | null;
  sender: string | null;
  created_at: string;
  updated_at: string;
}

export type DeliveryStatus = "pending" | "delivering" | "succeeded" | "failed" | "dropped";

export interface DeliveriesTable {
  seq: Generated<number>;
  uid: string;
  app_id: string;
  business_uid: string;
  event: string;
  method: "POST" | "PUT";
  path: string;
  body: string;
  ordering_key: string | null;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: string;
  lease_until: string | null;
  leased_by: string | null;
  last_status_code: number | null;
  last_error: string | null;
  /** Why the last attempt failed (`AttemptFailureReason`), null after a success or before any attempt. */
  last_reason: string | null;
  /** Attempts made before the current run of the retry schedule began (a retry by hand starts one). */
  schedule_from: Generated<number>;
  expires_at: string | null;
  /** An integration's event: sent to this URL (its subscription's target) instead of the app's api_uri. */
  target_url: string | null;
  subscription_uid: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface DeliveryAttemptsTable {
  id: Generated<number>;
  delivery_uid: string;
  attempt_number: number;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  response_body: string | null;
  error: string | null;
  reason: string | null;
}

export interface PageEventsTable {
  id: Generated<number>;
  business_uid: string;
  type: string;
  data: string;
  created_at: string;
}

export interface OauthPayloadsTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: string | null;
  consumed_at: ColumnType<string | null, string | null, string | null>;
}

/** The single row (id 1) naming, by check value, which keys the database's secrets are sealed with. */
export interface SecretKeyStateTable {
  id: number;
  /** The key new secrets are sealed with. */
  sealing: string;
  /** During a re-encryption, the key some secrets are still sealed with; null otherwise. */
  draining: string | null;
  updated_at: string;
}

export interface MessageTemplatesTable {
  uid: string;
  business_uid: string;
  name: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface SubscriptionsTable {
  uid: string;
  business_uid: string;
  /** The integration that subscribed; its webhook secret signs the events. */
  app_id: string;
  /** JSON array of event names and groups. */
  events: string;
  target_url: string;
  /** JSON: `{app_code_name?, direction?}`. */
  filter: string;
  status: "active";
  created_at: string;
  updated_at: string;
}

/** What an upsert with an idempotency key did, so that the same key again answers it and sends nothing. */
export interface UpsertRequestsTable {
  app_id: string;
  business_uid: string;
  idempotency_key: string;
  client_uid: string;
  created: Flag;
  channel_uid: string | null;
  /** JSON array of the uids of the messages it sent. */
  message_uids: string;
  created_at: string;
}

export interface Database {
  apps: AppsTable;
  businesses: BusinessesTable;
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  installations: InstallationsTable;
  api_tokens: ApiTokensTable;
  clients: ClientsTable;
  matters: MattersTable;
  channels: ChannelsTable;
  sessions: SessionsTable;
  messages: MessagesTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  page_events: PageEventsTable;
  oauth_payloads: OauthPayloadsTable;
  secret_key_state: SecretKeyStateTable;
  message_templates: MessageTemplatesTable;
  subscriptions: SubscriptionsTable;
  upsert_requests: UpsertRequestsTable;
}

export type AppRow = Selectable<AppsTable>;
export type BusinessRow = Selectable<BusinessesTable>;
export type StaffRow = Selectable<StaffTable>;
export type ClientRow = Selectable<ClientsTable>;
export type MatterRow = Selectable<MattersTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type NewDelivery = Insertable<DeliveriesTable>;
export type DeliveryAttemptRow = Selectable<DeliveryAttemptsTable>;
export type PageEventRow = Selectable<PageEventsTable>;
export type AppUpdate = Updateable<AppsTable>;
export type TemplateRow = Selectable<MessageTemplatesTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
