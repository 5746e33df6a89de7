import type { BodyOf, DataOf, deliveries, page, QueryOf } from "@tandem/contract";
import { type Query, request, withQuery } from "./http.ts";

/** The business of the signed-in staff member, as `GET /api/auth/me` answers it. */
export type SignedInBusiness = DataOf<typeof page.whoAmI>["business"];

const clientPath = (clientUid: string, rest: string) =>
  `/api/conversations/${encodeURIComponent(clientUid)}/${rest}`;

/** Every call of the page's API, typed by its operation in the contract (SPEC §8). */
export const pageApi = {
  login: (email: string, password: string) =>
    request<DataOf<typeof page.signIn>>("POST", "/api/auth/login", { email, password }),
  logout: () => request<DataOf<typeof page.signOut>>("POST", "/api/auth/logout"),
  me: () => request<DataOf<typeof page.whoAmI>>("GET", "/api/auth/me"),

  conversations: (query: QueryOf<typeof page.listConversations>, signal?: AbortSignal) =>
    request<DataOf<typeof page.listConversations>>(
      "GET",
      withQuery("/api/conversations", query as Query),
      undefined,
      signal,
    ),
  conversation: (clientUid: string) =>
    request<DataOf<typeof page.getConversation>>(
      "GET",
      `/api/conversations/${encodeURIComponent(clientUid)}`,
    ),
  messages: (clientUid: string, query: QueryOf<typeof page.getThread> = {}) =>
    request<DataOf<typeof page.getThread>>(
      "GET",
      withQuery(clientPath(clientUid, "messages"), query as Query),
    ),
  send: (clientUid: string, body: BodyOf<typeof page.sendMessage>) =>
    request<DataOf<typeof page.sendMessage, 201>>("POST", clientPath(clientUid, "messages"), body),
  markRead: (clientUid: string) =>
    request<DataOf<typeof page.markThreadRead>>("POST", clientPath(clientUid, "read")),
  typing: (clientUid: string, body: BodyOf<typeof page.staffTyping>) =>
    request<DataOf<typeof page.staffTyping>>("POST", clientPath(clientUid, "typing"), body),
  channelChoices: (clientUid: string) =>
    request<DataOf<typeof page.listChannelChoices>>("GET", clientPath(clientUid, "channels")),
  retryMessage: (messageUid: string) =>
    request<DataOf<typeof page.retryMessage>>(
      "POST",
      `/api/messages/${encodeURIComponent(messageUid)}/retry`,
    ),

  templates: () => request<DataOf<typeof page.listPageTemplates>>("GET", "/api/templates"),
  createTemplate: (body: BodyOf<typeof page.createPageTemplate>) =>
    request<DataOf<typeof page.createPageTemplate, 201>>("POST", "/api/templates", body),
  updateTemplate: (uid: string, body: BodyOf<typeof page.updatePageTemplate>) =>
    request<DataOf<typeof page.updatePageTemplate>>("PUT", `/api/templates/${encodeURIComponent(uid)}`, body),
  deleteTemplate: (uid: string) =>
    request<DataOf<typeof page.deletePageTemplate>>("DELETE", `/api/templates/${encodeURIComponent(uid)}`),
  previewTemplate: (body: BodyOf<typeof page.previewPageTemplate>) =>
    request<DataOf<typeof page.previewPageTemplate>>("POST", "/api/templates/preview", body),
  subscriptions: () => request<DataOf<typeof page.listPageSubscriptions>>("GET", "/api/subscriptions"),

  apps: () => request<DataOf<typeof page.listInstalledApps>>("GET", "/api/apps"),
  checkApp: (appId: string) =>
    request<DataOf<typeof page.checkInstalledApp>>("POST", `/api/apps/${encodeURIComponent(appId)}/check`),
  channels: () => request<DataOf<typeof page.listBusinessChannels>>("GET", "/api/channels"),
  setChannelStatus: (uid: string, status: BodyOf<typeof page.setChannelStatus>["status"]) =>
    request<DataOf<typeof page.setChannelStatus>>("PUT", `/api/channels/${encodeURIComponent(uid)}`, {
      status,
    }),
  deliveries: (query: QueryOf<typeof deliveries.listBusinessDeliveries>) =>
    request<DataOf<typeof deliveries.listBusinessDeliveries>>(
      "GET",
      withQuery("/api/deliveries", query as Query),
    ),
  delivery: (uid: string) =>
    request<DataOf<typeof deliveries.getBusinessDelivery>>(
      "GET",
      `/api/deliveries/${encodeURIComponent(uid)}`,
    ),
  retryDelivery: (uid: string) =>
    request<DataOf<typeof deliveries.retryBusinessDelivery>>(
      "POST",
      `/api/deliveries/${encodeURIComponent(uid)}/retry`,
    ),
};
