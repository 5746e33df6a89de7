import { call, type JsonObject } from "./http.js";
import type { WebhookReceiver } from "./receiver.js";

export interface RemoteTenant {
  app: JsonObject;
  businessUid: string;
  /** The app's token for this business. */
  appToken: string;
  /** A minted token of the business's first staff member (its admin). */
  staffToken: string;
}

/**
 * Over HTTP only, for a server in a process of its own: an app whose webhooks go to `receiver`
 * (which then checks their signatures), a business with an admin, the app installed there, and a
 * token for each.
 */
export async function remoteTenant(
  url: string,
  directoryToken: string,
  receiver: WebhookReceiver,
  name: string,
): Promise<RemoteTenant> {
  const dir = async (method: string, path: string, body?: unknown) =>
    (await call(url, method, path, body, { token: directoryToken })).body.data;
  const { app } = await dir("POST", "/platform/v1/apps", {
    name: `${name} App`,
    app_type: ["communication"],
    redirect_uri: "http://127.0.0.1:1/cb",
    api_uri: receiver.baseUrl,
  });
  receiver.useSecret(app.webhook_secret);
  const { business, staff } = await dir("POST", "/platform/v1/businesses", {
    name: `${name} Shop`,
    admin: {
      email: `${name.toLowerCase().replace(/\W+/g, "-")}@shop.test`,
      display_name: name,
      password: "a long password",
    },
  });
  await dir("POST", `/platform/v1/businesses/${business.uid}/apps`, { app_code_name: app.app_code_name });
  const appToken = (
    await dir("POST", "/platform/v1/tokens", { app_id: app.app_id, business_uid: business.uid })
  ).token;
  const staffToken = (await dir("POST", "/platform/v1/tokens", { staff_uid: staff.uid })).token;
  return { app, businessUid: business.uid, appToken, staffToken };
}

/**
 * Over HTTP, for a server in a process of its own: an active channel of the tenant's app and
 * `count` clients each with an active session on it, so staff can write to them. Answers the channel
 * uid and the clients' uids.
 */
export async function remoteConversations(
  url: string,
  directoryToken: string,
  receiver: WebhookReceiver,
  tenant: RemoteTenant,
  count: number,
): Promise<{ channelUid: string; clientUids: string[] }> {
  const token = tenant.appToken;
  const channel = (
    await call(
      url,
      "POST",
      "/business/communication/channels",
      { business_uid: tenant.businessUid, type: "transactional" },
      { token },
    )
  ).body.data.channel;
  await receiver.waitFor(
    (hook) => hook.path === `/channels/${channel.uid}` && hook.body.status === "active",
    10_000,
  );
  const clientUids: string[] = [];
  for (let index = 0; index < count; index++) {
    const person = (
      await call(
        url,
        "POST",
        "/platform/v1/clients",
        { business_uid: tenant.businessUid, first_name: `C${index}` },
        { token: directoryToken },
      )
    ).body.data.client;
    const session = (
      await call(
        url,
        "POST",
        "/business/communication/sessions",
        {
          business_uid: tenant.businessUid,
          channel_uid: channel.uid,
          contact_uid: person.uid,
          external_uid: `x${index}`,
        },
        { token },
      )
    ).body.data.session;
    await receiver.waitFor(
      (hook) => hook.path === `/sessions/${session.uid}` && hook.body.status === "inactive",
      10_000,
    );
    await call(
      url,
      "PUT",
      `/business/communication/sessions/${session.uid}`,
      { status: "active" },
      { token },
    );
    clientUids.push(person.uid);
  }
  return { channelUid: channel.uid, clientUids };
}
