import type { communication, conversations, deliveries, oauth, platform } from "@tandem/contract";
import type { RetryMode } from "./retry.js";

/**
 * The operations of Tandem's API an app or the directory calls, by operationId, each with its method and path as the
 * contract declares them (a test holds them to `@tandem/contract`'s OPERATIONS, so they cannot
 * drift) and how a failed attempt may be retried. The contract is imported for its types only:
 * the SDK carries no schema library at run time.
 */
export const ENDPOINTS = {
  createChannel: { method: "POST", path: "/business/communication/channels", retry: "unprocessed" },
  listChannels: { method: "GET", path: "/business/communication/channels", retry: "idempotent" },
  getChannel: { method: "GET", path: "/business/communication/channels/:uid", retry: "idempotent" },
  updateChannel: { method: "PUT", path: "/business/communication/channels/:uid", retry: "idempotent" },
  deleteChannel: { method: "DELETE", path: "/business/communication/channels/:uid", retry: "idempotent" },
  // The same session request again answers the existing session (SPEC §5).
  createSession: { method: "POST", path: "/business/communication/sessions", retry: "idempotent" },
  listSessions: { method: "GET", path: "/business/communication/sessions", retry: "idempotent" },
  getSession: { method: "GET", path: "/business/communication/sessions/:uid", retry: "idempotent" },
  updateSession: { method: "PUT", path: "/business/communication/sessions/:uid", retry: "idempotent" },
  deleteSession: { method: "DELETE", path: "/business/communication/sessions/:uid", retry: "idempotent" },
  // Typing states a fact (typing or not); saying it twice says it once.
  clientTyping: { method: "POST", path: "/business/communication/v1/sessions/typing", retry: "idempotent" },
  // message_uid makes a repeat answer the first message: no second message, no second event.
  createMessage: { method: "POST", path: "/business/communication/messages", retry: "idempotent" },
  reportMessageStatus: {
    method: "PUT",
    path: "/business/communication/messages/:message_uid",
    retry: "idempotent",
  },
  listMessages: { method: "GET", path: "/business/communication/messages", retry: "idempotent" },
  createClient: { method: "POST", path: "/platform/v1/clients", retry: "unprocessed" },
  listClients: { method: "GET", path: "/platform/v1/clients", retry: "idempotent" },
  getClient: { method: "GET", path: "/platform/v1/clients/:uid", retry: "idempotent" },
  createMatter: {
    method: "POST",
    path: "/business/clients/v1/contacts/:client_uid/matters",
    retry: "unprocessed",
  },
  listMatters: {
    method: "GET",
    path: "/business/clients/v1/contacts/:client_uid/matters",
    retry: "idempotent",
  },
  // The directory's (SPEC §4). A create, a rotation, a mint or a resend done twice is done twice,
  // so those POSTs are sent again only when Tandem surely did nothing.
  createApp: { method: "POST", path: "/platform/v1/apps", retry: "unprocessed" },
  listApps: { method: "GET", path: "/platform/v1/apps", retry: "idempotent" },
  getApp: { method: "GET", path: "/platform/v1/apps/:app_id", retry: "idempotent" },
  updateApp: { method: "PUT", path: "/platform/v1/apps/:app_id", retry: "idempotent" },
  deleteApp: { method: "DELETE", path: "/platform/v1/apps/:app_id", retry: "idempotent" },
  rotateAppSecret: { method: "POST", path: "/platform/v1/apps/:app_id/secrets/rotate", retry: "unprocessed" },
  createBusiness: { method: "POST", path: "/platform/v1/businesses", retry: "unprocessed" },
  listBusinesses: { method: "GET", path: "/platform/v1/businesses", retry: "idempotent" },
  getBusiness: { method: "GET", path: "/platform/v1/businesses/:uid", retry: "idempotent" },
  addStaff: { method: "POST", path: "/platform/v1/businesses/:uid/staffs", retry: "unprocessed" },
  listStaff: { method: "GET", path: "/platform/v1/businesses/:uid/staffs", retry: "idempotent" },
  // Installing again answers the installation (200): nothing is done twice.
  installApp: { method: "POST", path: "/platform/v1/businesses/:uid/apps", retry: "idempotent" },
  listInstallations: { method: "GET", path: "/platform/v1/businesses/:uid/apps", retry: "idempotent" },
  uninstallApp: {
    method: "DELETE",
    path: "/platform/v1/businesses/:uid/apps/:app_code_name",
    retry: "idempotent",
  },
  mintToken: { method: "POST", path: "/platform/v1/tokens", retry: "unprocessed" },
  listAppDeliveries: { method: "GET", path: "/platform/v1/apps/:app_id/deliveries", retry: "idempotent" },
  getDelivery: { method: "GET", path: "/platform/v1/deliveries/:uid", retry: "idempotent" },
  retryDelivery: { method: "POST", path: "/platform/v1/deliveries/:uid/retry", retry: "unprocessed" },
  recoverDeliveries: {
    method: "POST",
    path: "/platform/v1/apps/:app_id/deliveries/recover",
    retry: "unprocessed",
  },
  setChannelStatusAsDirectory: { method: "PUT", path: "/platform/v1/channels/:uid", retry: "idempotent" },
  // With an idempotency_key a repeat sends nothing again, and the call is retried as idempotent.
  upsertConversation: {
    method: "POST",
    path: "/business/conversations/v1/conversations",
    retry: "unprocessed",
  },
  listIntegrationTemplates: {
    method: "GET",
    path: "/business/conversations/v1/templates",
    retry: "idempotent",
  },
  createIntegrationTemplate: {
    method: "POST",
    path: "/business/conversations/v1/templates",
    retry: "unprocessed",
  },
  getIntegrationTemplate: {
    method: "GET",
    path: "/business/conversations/v1/templates/:uid",
    retry: "idempotent",
  },
  updateIntegrationTemplate: {
    method: "PUT",
    path: "/business/conversations/v1/templates/:uid",
    retry: "idempotent",
  },
  deleteIntegrationTemplate: {
    method: "DELETE",
    path: "/business/conversations/v1/templates/:uid",
    retry: "idempotent",
  },
  // A preview changes nothing.
  previewIntegrationTemplate: {
    method: "POST",
    path: "/business/conversations/v1/templates/preview",
    retry: "idempotent",
  },
  createSubscription: {
    method: "POST",
    path: "/business/conversations/v1/subscriptions",
    retry: "unprocessed",
  },
  listSubscriptions: {
    method: "GET",
    path: "/business/conversations/v1/subscriptions",
    retry: "idempotent",
  },
  getSubscription: {
    method: "GET",
    path: "/business/conversations/v1/subscriptions/:uid",
    retry: "idempotent",
  },
  deleteSubscription: {
    method: "DELETE",
    path: "/business/conversations/v1/subscriptions/:uid",
    retry: "idempotent",
  },
  oauthToken: { method: "POST", path: "/oauth/token", retry: "unprocessed" },
  oauthRevoke: { method: "POST", path: "/oauth/revoke", retry: "idempotent" },
  oauthUserinfo: { method: "GET", path: "/oauth/userinfo", retry: "idempotent" },
  oauthAuthorize: { method: "GET", path: "/app/oauth/authorize", retry: "idempotent" },
} as const satisfies Record<string, Endpoint>;

export interface Endpoint {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The contract's form: `:name` for a path value. */
  path: string;
  retry: RetryMode;
}

export type EndpointName = keyof typeof ENDPOINTS;

/** The contract's operations the endpoints stand for, by operationId, for their types. */
export type Operations = typeof communication &
  typeof platform &
  typeof deliveries &
  typeof oauth &
  OperationsById<typeof conversations>;

/** An area's operations by their operationId (the integration API's names differ from its exports). */
type OperationsById<Area> = {
  [Key in keyof Area as Area[Key] extends { operationId: infer Id extends string } ? Id : never]: Area[Key];
};

/** An endpoint's path with its `:name`s filled, each value URL-encoded. */
export function fillPath(path: string, values: Readonly<Record<string, string>> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === "") throw new TypeError(`${path} needs ${name}`);
    return encodeURIComponent(value);
  });
}
