import type { BodyOf, DataOf, QueryOf } from "@tandem/contract";
import { clientsApi, type Send } from "./api.js";
import type { Operations } from "./endpoints.js";

type Op = Operations;

const app = (appId: string) => ({ app_id: appId });
const uid = (value: string) => ({ uid: value });

/** Registered apps (SPEC §4). */
export const appsApi = (send: Send) => ({
  /** Registers an app; its `client_secret` and `webhook_secret` are in this answer and nowhere else. */
  create: (body: BodyOf<Op["createApp"]>) =>
    send<DataOf<Op["createApp"], 201>>({ endpoint: "createApp", body }),
  list: (query: QueryOf<Op["listApps"]> = {}) =>
    send<DataOf<Op["listApps"]>>({ endpoint: "listApps", query }),
  get: (appId: string) => send<DataOf<Op["getApp"]>>({ endpoint: "getApp", params: app(appId) }),
  update: (appId: string, body: BodyOf<Op["updateApp"]>) =>
    send<DataOf<Op["updateApp"]>>({ endpoint: "updateApp", params: app(appId), body }),
  delete: (appId: string) => send<DataOf<Op["deleteApp"]>>({ endpoint: "deleteApp", params: app(appId) }),
  /** A new client or webhook secret; the old webhook secret keeps signing beside it for 24 hours. */
  rotateSecret: (appId: string, body: BodyOf<Op["rotateAppSecret"]>) =>
    send<DataOf<Op["rotateAppSecret"]>>({ endpoint: "rotateAppSecret", params: app(appId), body }),
});

/** Businesses, each created with its first admin. */
export const businessesApi = (send: Send) => ({
  create: (body: BodyOf<Op["createBusiness"]>) =>
    send<DataOf<Op["createBusiness"], 201>>({ endpoint: "createBusiness", body }),
  list: (query: QueryOf<Op["listBusinesses"]> = {}) =>
    send<DataOf<Op["listBusinesses"]>>({ endpoint: "listBusinesses", query }),
  get: (businessUid: string) =>
    send<DataOf<Op["getBusiness"]>>({ endpoint: "getBusiness", params: uid(businessUid) }),
});

/** A business's staff. */
export const staffApi = (send: Send) => ({
  create: (businessUid: string, body: BodyOf<Op["addStaff"]>) =>
    send<DataOf<Op["addStaff"], 201>>({ endpoint: "addStaff", params: uid(businessUid), body }),
  list: (businessUid: string) =>
    send<DataOf<Op["listStaff"]>>({ endpoint: "listStaff", params: uid(businessUid) }),
});

/** The apps installed on a business, without the consent screen. */
export const installationsApi = (send: Send) => ({
  /** Installs the app, or answers the installation it already has. */
  create: (businessUid: string, body: BodyOf<Op["installApp"]>) =>
    send<DataOf<Op["installApp"], 201>>({ endpoint: "installApp", params: uid(businessUid), body }),
  list: (businessUid: string) =>
    send<DataOf<Op["listInstallations"]>>({ endpoint: "listInstallations", params: uid(businessUid) }),
  /** The app's channels at the business become inactive, and the app hears of each. */
  delete: (businessUid: string, appCodeName: string) =>
    send<DataOf<Op["uninstallApp"]>>({
      endpoint: "uninstallApp",
      params: { uid: businessUid, app_code_name: appCodeName },
    }),
});

/** Each app's delivery log: every webhook with its attempts, and sending failed ones again. */
export const deliveriesApi = (send: Send) => ({
  /** Newest first. */
  list: (appId: string, query: QueryOf<Op["listAppDeliveries"]> = {}) =>
    send<DataOf<Op["listAppDeliveries"]>>({ endpoint: "listAppDeliveries", params: app(appId), query }),
  get: (deliveryUid: string) =>
    send<DataOf<Op["getDelivery"]>>({ endpoint: "getDelivery", params: uid(deliveryUid) }),
  /** The same webhook-id again, its attempts counting on. */
  retry: (deliveryUid: string) =>
    send<DataOf<Op["retryDelivery"]>>({ endpoint: "retryDelivery", params: uid(deliveryUid) }),
  /** Sends again at once every delivery of the app since `since` that failed or waits for a retry; answers how many. */
  recover: (appId: string, body: BodyOf<Op["recoverDeliveries"]>) =>
    send<DataOf<Op["recoverDeliveries"]>>({ endpoint: "recoverDeliveries", params: app(appId), body }),
});

/** Every call of the platform API (SPEC §4), bound to one way of sending. */
export function directoryApi(send: Send) {
  return {
    apps: appsApi(send),
    businesses: businessesApi(send),
    staff: staffApi(send),
    installations: installationsApi(send),
    deliveries: deliveriesApi(send),
    clients: clientsApi(send),
    tokens: {
      /** A token for automation: `{app_id, business_uid?}` for an app, or `{staff_uid}`. */
      mint: (body: BodyOf<Op["mintToken"]>) =>
        send<DataOf<Op["mintToken"], 201>>({ endpoint: "mintToken", body }),
    },
    channels: {
      /** Any channel's status; `blocked` is the directory's alone. */
      setStatus: (channelUid: string, body: BodyOf<Op["setChannelStatusAsDirectory"]>) =>
        send<DataOf<Op["setChannelStatusAsDirectory"]>>({
          endpoint: "setChannelStatusAsDirectory",
          params: uid(channelUid),
          body,
        }),
    },
  };
}

export type DirectoryApi = ReturnType<typeof directoryApi>;
