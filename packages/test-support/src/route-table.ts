import type { JsonObject } from "./http.js";
import type { Tenant } from "./tenants.js";

export type CallerKind = "directory" | "app" | "staff";
export type Area = "platform" | "communication" | "conversations" | "page";

/** An endpoint of the platform, communication or page API, and who may call it. */
export interface RouteCase {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** As the OpenAPI document names it, e.g. `/platform/v1/apps/{app_id}`. */
  route: string;
  /** Who may call it; empty for the sign-in, which anyone may try. */
  accepts: CallerKind[];
  /** A valid body, so that a guard letting the wrong caller in would visibly succeed. */
  body?(home: Tenant): JsonObject;
}

const directory: CallerKind[] = ["directory"];
const directoryOrApp: CallerKind[] = ["directory", "app"];
/** The communication API: apps, and the directory acting on a business (SPEC §3). */
const appOrDirectory: CallerKind[] = ["app", "directory"];
const staff: CallerKind[] = ["staff"];
/** The business-integration API: integration apps only. */
const app: CallerKind[] = ["app"];

const password = "long enough password";

export const ROUTES: RouteCase[] = [
  {
    method: "POST",
    route: "/platform/v1/apps",
    accepts: directory,
    body: (home) => ({ name: "Table", app_type: ["other"], redirect_uri: home.receiver.baseUrl }),
  },
  { method: "GET", route: "/platform/v1/apps", accepts: directory },
  { method: "GET", route: "/platform/v1/apps/{app_id}", accepts: directory },
  {
    method: "PUT",
    route: "/platform/v1/apps/{app_id}",
    accepts: directory,
    body: () => ({ name: "Renamed" }),
  },
  { method: "DELETE", route: "/platform/v1/apps/{app_id}", accepts: directory },
  {
    method: "POST",
    route: "/platform/v1/apps/{app_id}/secrets/rotate",
    accepts: directory,
    body: () => ({ type: "client" }),
  },
  {
    method: "POST",
    route: "/platform/v1/businesses",
    accepts: directory,
    body: () => ({ name: "Table", admin: { email: "table@example.com", display_name: "Table", password } }),
  },
  { method: "GET", route: "/platform/v1/businesses", accepts: directory },
  { method: "GET", route: "/platform/v1/businesses/{uid}", accepts: directory },
  {
    method: "POST",
    route: "/platform/v1/businesses/{uid}/staffs",
    accepts: directory,
    body: () => ({ email: "table-staff@example.com", display_name: "Table", password }),
  },
  { method: "GET", route: "/platform/v1/businesses/{uid}/staffs", accepts: directory },
  {
    method: "POST",
    route: "/platform/v1/businesses/{uid}/apps",
    accepts: directory,
    body: (home) => ({ app_code_name: home.app.app_code_name }),
  },
  { method: "GET", route: "/platform/v1/businesses/{uid}/apps", accepts: directory },
  { method: "DELETE", route: "/platform/v1/businesses/{uid}/apps/{app_code_name}", accepts: directory },
  {
    method: "POST",
    route: "/platform/v1/tokens",
    accepts: directory,
    body: (home) => ({ app_id: home.app.app_id, business_uid: home.businessUid }),
  },
  {
    method: "POST",
    route: "/platform/v1/clients",
    accepts: directoryOrApp,
    body: (home) => ({ business_uid: home.businessUid, first_name: "Table" }),
  },
  { method: "GET", route: "/platform/v1/clients", accepts: directoryOrApp },
  { method: "GET", route: "/platform/v1/clients/{uid}", accepts: directoryOrApp },
  {
    method: "POST",
    route: "/business/clients/v1/contacts/{client_uid}/matters",
    accepts: directoryOrApp,
    body: () => ({ display_name: "Table" }),
  },
  { method: "GET", route: "/business/clients/v1/contacts/{client_uid}/matters", accepts: directoryOrApp },
  { method: "GET", route: "/platform/v1/apps/{app_id}/deliveries", accepts: directory },
  { method: "GET", route: "/platform/v1/deliveries/{uid}", accepts: directory },
  { method: "POST", route: "/platform/v1/deliveries/{uid}/retry", accepts: directory },
  {
    method: "POST",
    route: "/platform/v1/apps/{app_id}/deliveries/recover",
    accepts: directory,
    body: () => ({ since: "2020-01-01 00:00:00" }),
  },
  {
    method: "PUT",
    route: "/platform/v1/channels/{uid}",
    accepts: directory,
    body: () => ({ status: "blocked" }),
  },

  {
    method: "POST",
    route: "/business/communication/channels",
    accepts: appOrDirectory,
    body: (home) => ({ business_uid: home.businessUid, type: "transactional" }),
  },
  { method: "GET", route: "/business/communication/channels", accepts: appOrDirectory },
  { method: "GET", route: "/business/communication/channels/{uid}", accepts: appOrDirectory },
  {
    method: "PUT",
    route: "/business/communication/channels/{uid}",
    accepts: appOrDirectory,
    body: () => ({ display_name: "X" }),
  },
  { method: "DELETE", route: "/business/communication/channels/{uid}", accepts: appOrDirectory },
  {
    method: "POST",
    route: "/business/communication/sessions",
    accepts: appOrDirectory,
    body: (home) => ({
      channel_uid: home.channel.uid,
      contact_uid: home.client.uid,
      external_uid: home.session.external_uid,
    }),
  },
  { method: "GET", route: "/business/communication/sessions", accepts: appOrDirectory },
  { method: "GET", route: "/business/communication/sessions/{uid}", accepts: appOrDirectory },
  {
    method: "PUT",
    route: "/business/communication/sessions/{uid}",
    accepts: appOrDirectory,
    body: () => ({ status: "inactive" }),
  },
  { method: "DELETE", route: "/business/communication/sessions/{uid}", accepts: appOrDirectory },
  {
    method: "POST",
    route: "/business/communication/v1/sessions/typing",
    accepts: appOrDirectory,
    body: (home) => ({ session_uid: home.session.uid, typing: true }),
  },
  {
    method: "POST",
    route: "/business/communication/sessions/typing",
    accepts: appOrDirectory,
    body: (home) => ({ session_uid: home.session.uid, typing: true }),
  },
  {
    method: "POST",
    route: "/business/communication/messages",
    accepts: appOrDirectory,
    body: (home) => ({
      channel_uid: home.channel.uid,
      external_uid: home.session.external_uid,
      message: "hello",
      message_uid: "table-message",
    }),
  },
  {
    method: "PUT",
    route: "/business/communication/messages/{message_uid}",
    accepts: appOrDirectory,
    body: (home) => ({ channel_uid: home.channel.uid, status: "received" }),
  },
  { method: "GET", route: "/business/communication/messages", accepts: appOrDirectory },

  {
    method: "POST",
    route: "/api/auth/login",
    accepts: [],
    body: (home) => ({ email: home.business.adminEmail, password: home.business.adminPassword }),
  },
  { method: "POST", route: "/api/auth/logout", accepts: staff },
  { method: "GET", route: "/api/auth/me", accepts: staff },
  { method: "GET", route: "/api/conversations", accepts: staff },
  { method: "GET", route: "/api/conversations/{client_uid}", accepts: staff },
  { method: "GET", route: "/api/conversations/{client_uid}/messages", accepts: staff },
  {
    method: "POST",
    route: "/api/conversations/{client_uid}/messages",
    accepts: staff,
    body: (home) => ({ channel_uid: home.channel.uid, message: "hello" }),
  },
  { method: "POST", route: "/api/conversations/{client_uid}/read", accepts: staff },
  {
    method: "POST",
    route: "/api/conversations/{client_uid}/typing",
    accepts: staff,
    body: (home) => ({ channel_uid: home.channel.uid, typing: true }),
  },
  { method: "GET", route: "/api/conversations/{client_uid}/channels", accepts: staff },
  { method: "POST", route: "/api/messages/{uid}/retry", accepts: staff },
  { method: "GET", route: "/api/apps", accepts: staff },
  { method: "POST", route: "/api/apps/{app_id}/check", accepts: staff },
  { method: "GET", route: "/api/channels", accepts: staff },
  { method: "PUT", route: "/api/channels/{uid}", accepts: staff, body: () => ({ status: "inactive" }) },
  { method: "GET", route: "/api/realtime", accepts: staff },
  { method: "GET", route: "/api/deliveries", accepts: staff },
  { method: "GET", route: "/api/templates", accepts: staff },
  {
    method: "POST",
    route: "/api/templates",
    accepts: staff,
    body: () => ({ name: "Table", body: "Hello {{client.first_name}}" }),
  },
  { method: "PUT", route: "/api/templates/{uid}", accepts: staff, body: () => ({ body: "Hello" }) },
  { method: "DELETE", route: "/api/templates/{uid}", accepts: staff },
  { method: "POST", route: "/api/templates/preview", accepts: staff, body: () => ({ body: "Hello" }) },
  { method: "GET", route: "/api/subscriptions", accepts: staff },
  {
    method: "POST",
    route: "/business/conversations/v1/conversations",
    accepts: app,
    body: () => ({ contact: { phone: "+31612345678", first_name: "Table" }, messages: [] }),
  },
  { method: "GET", route: "/business/conversations/v1/templates", accepts: app },
  {
    method: "POST",
    route: "/business/conversations/v1/templates",
    accepts: app,
    body: () => ({ name: "Table", body: "Hello" }),
  },
  {
    method: "POST",
    route: "/business/conversations/v1/templates/preview",
    accepts: app,
    body: () => ({ body: "Hello" }),
  },
  { method: "GET", route: "/business/conversations/v1/templates/{uid}", accepts: app },
  {
    method: "PUT",
    route: "/business/conversations/v1/templates/{uid}",
    accepts: app,
    body: () => ({ body: "Hello" }),
  },
  { method: "DELETE", route: "/business/conversations/v1/templates/{uid}", accepts: app },
  {
    method: "POST",
    route: "/business/conversations/v1/subscriptions",
    accepts: app,
    body: (home) => ({ events: ["message"], target_url: `${home.receiver.baseUrl}/events` }),
  },
  { method: "GET", route: "/business/conversations/v1/subscriptions", accepts: app },
  { method: "GET", route: "/business/conversations/v1/subscriptions/{uid}", accepts: app },
  { method: "DELETE", route: "/business/conversations/v1/subscriptions/{uid}", accepts: app },
  { method: "GET", route: "/api/deliveries/{uid}", accepts: staff },
  { method: "POST", route: "/api/deliveries/{uid}/retry", accepts: staff },
];

export function areaOf(route: RouteCase): Area {
  if (route.route.startsWith("/api/")) return "page";
  if (route.route.startsWith("/business/communication/")) return "communication";
  if (route.route.startsWith("/business/conversations/")) return "conversations";
  return "platform";
}

export const routesOf = (area: Area) => ROUTES.filter((route) => areaOf(route) === area);

/** The home tenant's uid for each parameter; a bare `{uid}` is named by the segment before it. */
function uidFor(home: Tenant, parameter: string, resource: string | undefined): string {
  const byName: Record<string, string> = {
    app_id: home.app.app_id,
    app_code_name: home.app.app_code_name,
    client_uid: home.client.uid,
    message_uid: home.outgoing.uid,
    businesses: home.businessUid,
    clients: home.client.uid,
    deliveries: home.deliveryUid,
    channels: home.channel.uid,
    sessions: home.session.uid,
    messages: home.outgoing.uid,
    // No tenant keeps a template or a subscription: their endpoints refuse wrong callers before any lookup.
    templates: "template-of-no-one",
    subscriptions: "subscription-of-no-one",
  };
  const uid = byName[parameter === "uid" ? (resource ?? "") : parameter];
  if (!uid) throw new Error(`no uid for {${parameter}} after ${resource}`);
  return uid;
}

/** The route with the home tenant's real uids in place of its parameters. */
export function concretePath(route: RouteCase, home: Tenant): string {
  const segments = route.route.split("/");
  return segments
    .map((segment, index) => {
      const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
      return parameter ? encodeURIComponent(uidFor(home, parameter, segments[index - 1])) : segment;
    })
    .join("/");
}
