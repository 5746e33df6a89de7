import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { type Client, client, type JsonObject } from "./http.js";
import type { WebhookReceiver } from "./receiver.js";
import type { TestServer } from "./server.js";

export const unique = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

export function directory(server: TestServer): Client {
  return client(server.url, server.directoryToken);
}

export interface TestApp {
  app: JsonObject;
  receiver: WebhookReceiver;
}

/** Registers a communication app whose `api_uri` is the receiver; the receiver learns its secret. */
export async function registerApp(
  server: TestServer,
  receiver: WebhookReceiver,
  fields: JsonObject = {},
): Promise<TestApp> {
  const answer = await directory(server).post("/platform/v1/apps", {
    name: unique("Chat App "),
    app_type: ["communication"],
    trusted: true,
    redirect_uri: "http://127.0.0.1:1/callback",
    api_uri: receiver.baseUrl,
    scopes: ["openid", "business/clients", "business/communication"],
    ...fields,
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  receiver.useSecret(answer.body.data.app.webhook_secret);
  return { app: answer.body.data.app, receiver };
}

export interface TestBusiness {
  business: JsonObject;
  admin: JsonObject;
  adminEmail: string;
  adminPassword: string;
}

export async function createBusiness(server: TestServer, name = unique("Business ")): Promise<TestBusiness> {
  const adminEmail = `${unique("admin")}@example.com`;
  const adminPassword = "correct horse battery";
  const answer = await directory(server).post("/platform/v1/businesses", {
    name,
    admin: { email: adminEmail, display_name: "Ada Admin", password: adminPassword },
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return { business: answer.body.data.business, admin: answer.body.data.staff, adminEmail, adminPassword };
}

export async function install(server: TestServer, businessUid: string, appCodeName: string): Promise<void> {
  const answer = await directory(server).post(`/platform/v1/businesses/${businessUid}/apps`, {
    app_code_name: appCodeName,
  });
  assert.ok(answer.status === 201 || answer.status === 200, JSON.stringify(answer.body));
}

/** A new business with `app` installed on it, and an API client holding the app's token for it. */
export async function businessWithApp(server: TestServer, app: JsonObject) {
  const business = await createBusiness(server);
  const businessUid: string = business.business.uid;
  await install(server, businessUid, app.app_code_name);
  const appApi = client(server.url, await appToken(server, app.app_id, businessUid));
  return { business, businessUid, appApi };
}

/** An app token bound to (app, business), minted by the directory. */
export async function appToken(server: TestServer, appId: string, businessUid?: string): Promise<string> {
  const answer = await directory(server).post("/platform/v1/tokens", {
    app_id: appId,
    ...(businessUid ? { business_uid: businessUid } : {}),
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.data.token;
}

/** Signs a staff member in on the page; answers the session cookie. */
export async function signIn(server: TestServer, email: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(response.status, 200, await response.text());
  const cookie = response.headers.get("set-cookie");
  assert.ok(cookie);
  return cookie.split(";")[0] ?? "";
}

export function staffClient(server: TestServer, cookie: string): Client {
  const base = client(server.url);
  const withCookie = (call: Client["get"]) => (path: string, body?: unknown) => call(path, body, { cookie });
  return {
    ...base,
    get: withCookie(base.get),
    post: withCookie(base.post),
    put: withCookie(base.put),
    delete: withCookie(base.delete),
  };
}

export async function createClient(
  server: TestServer,
  businessUid: string,
  contact: JsonObject = {},
): Promise<JsonObject> {
  const answer = await directory(server).post("/platform/v1/clients", {
    business_uid: businessUid,
    first_name: "Clara",
    last_name: "Client",
    phone: `+1555${Math.floor(Math.random() * 1e7)}`,
    ...contact,
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.data;
}

/** A channel that has passed validation: created, then `active` by signed webhook. */
export async function activeChannel(
  app: Client,
  receiver: WebhookReceiver,
  businessUid: string,
  displayName = "WhatsApp",
): Promise<JsonObject> {
  const created = await app.post("/business/communication/channels", {
    business_uid: businessUid,
    type: "transactional",
    display_name: displayName,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const uid = created.body.data.channel.uid;
  await receiver.waitFor(
    (webhook) => webhook.path === `/channels/${uid}` && webhook.body.status === "active",
  );
  return created.body.data.channel;
}

/** A session taken through pending → inactive → active, as the guide describes. */
export async function activeSession(
  app: Client,
  receiver: WebhookReceiver,
  businessUid: string,
  channelUid: string,
  contactUid: string,
  externalUid = unique("ext-"),
): Promise<JsonObject> {
  const created = await app.post("/business/communication/sessions", {
    business_uid: businessUid,
    channel_uid: channelUid,
    contact_uid: contactUid,
    external_uid: externalUid,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const uid = created.body.data.session.uid;
  await receiver.waitFor(
    (webhook) => webhook.path === `/sessions/${uid}` && webhook.body.status === "inactive",
  );
  const activated = await app.put(`/business/communication/sessions/${uid}`, { status: "active" });
  assert.equal(activated.status, 200, JSON.stringify(activated.body));
  assert.equal(activated.body.data.session.status, "active");
  await receiver.waitFor(
    (webhook) => webhook.path === `/sessions/${uid}` && webhook.body.status === "active",
  );
  return activated.body.data.session;
}

export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 5_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
