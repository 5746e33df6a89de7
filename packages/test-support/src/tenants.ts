import assert from "node:assert/strict";
import { after, before } from "node:test";
import { readyConversation } from "./conversation.js";
import {
  activeChannel,
  appToken,
  directory,
  eventually,
  registerApp,
  signIn,
  staffClient,
  type TestApp,
  type TestBusiness,
  unique,
} from "./fixtures.js";
import { type Client, client, type JsonObject } from "./http.js";
import { type Responder, WebhookReceiver } from "./receiver.js";
import { type DialectName, startServer, type TestServer } from "./server.js";

/** Staff messages that start with this are refused by the tenant's app (500), so their delivery fails. */
export const REFUSED_BY_APP = "FAIL:";

const refusingMarkedMessages: Responder = (webhook) =>
  webhook.method === "POST" &&
  webhook.path === "/messages" &&
  String(webhook.body?.message).startsWith(REFUSED_BY_APP)
    ? { status: 500, body: "refused" }
    : { status: 204 };

/** One business with everything a request can name: staff, an app, a channel, a session, messages. */
export interface Tenant {
  businessUid: string;
  business: TestBusiness;
  app: JsonObject;
  receiver: WebhookReceiver;
  /** An app token bound to this business. */
  appApi: Client;
  /** The admin and a plain staff member on the page, by session cookie. */
  adminCookie: string;
  adminPage: Client;
  memberPage: Client;
  /** A bearer token of the admin, minted by the directory. */
  staffToken: string;
  client: JsonObject;
  matter: JsonObject;
  channel: JsonObject;
  session: JsonObject;
  /** A message from the client, as the app posted it. */
  incoming: JsonObject;
  /** A staff message that the app reported `sent`. */
  outgoing: JsonObject;
  /** A delivery that reached the app. */
  deliveryUid: string;
}

async function addMember(server: TestServer, businessUid: string) {
  const email = `${unique("member")}@example.com`;
  const password = "member password";
  const added = await directory(server).post(`/platform/v1/businesses/${businessUid}/staffs`, {
    email,
    display_name: "Sam Staff",
    password,
    role: "staff",
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  return { email, password };
}

async function staffBearer(server: TestServer, staffUid: string): Promise<string> {
  const minted = await directory(server).post("/platform/v1/tokens", { staff_uid: staffUid });
  assert.equal(minted.status, 201, JSON.stringify(minted.body));
  return minted.body.data.token;
}

/** A tenant with its own app, or with an app that other tenants have installed too. */
export async function createTenant(server: TestServer, sharedApp?: TestApp): Promise<Tenant> {
  let testApp = sharedApp;
  if (!testApp) {
    const receiver = new WebhookReceiver();
    await receiver.start();
    receiver.answerWith(refusingMarkedMessages);
    testApp = await registerApp(server, receiver);
  }
  const { app, receiver } = testApp;
  const {
    business,
    businessUid,
    appApi,
    adminCookie,
    staff: adminPage,
    client: person,
    matter,
    channel,
    session,
  } = await readyConversation(server, { receiver, app, channelName: unique("Line ") });
  const member = await addMember(server, businessUid);
  const memberPage = staffClient(server, await signIn(server, member.email, member.password));
  const staffToken = await staffBearer(server, business.admin.uid);
  const incoming = await appApi.post("/business/communication/messages", {
    channel_uid: channel.uid,
    external_uid: session.external_uid,
    message: "Is my order ready?",
    message_uid: unique("in-"),
  });
  assert.equal(incoming.status, 201, JSON.stringify(incoming.body));
  const sent = await adminPage.post(`/api/conversations/${person.uid}/messages`, {
    channel_uid: channel.uid,
    message: "Yes, come by at noon.",
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const outgoingUid = sent.body.data.message.uid;
  await receiver.waitFor((webhook) => webhook.body?.message_uid === outgoingUid);
  const reported = await appApi.put(`/business/communication/messages/${outgoingUid}`, {
    channel_uid: channel.uid,
    status: "sent",
  });
  assert.equal(reported.status, 200, JSON.stringify(reported.body));
  await settle(server);
  const delivered = await adminPage.get("/api/deliveries?status=succeeded");
  const deliveryUid = delivered.body.data.deliveries[0]?.uid;
  assert.ok(deliveryUid, "the tenant has a delivered webhook");

  return {
    businessUid,
    business,
    app,
    receiver,
    appApi,
    adminCookie,
    adminPage,
    memberPage,
    staffToken,
    client: person,
    matter,
    channel,
    session,
    incoming: incoming.body.data.message,
    outgoing: reported.body.data.message,
    deliveryUid,
  };
}

/**
 * Three tenants: `home`, whose caller makes the requests; `rival`, a second business with its own
 * app; and `sibling`, another business that installed home's app, so an app token bound to home
 * tries to cross a business boundary inside its own app.
 */
export interface World {
  home: Tenant;
  rival: Tenant;
  sibling: Tenant;
  /** An app-level token of home's app (bound to no business). */
  serviceApi: Client;
  close(): Promise<void>;
}

export async function createWorld(server: TestServer): Promise<World> {
  const home = await createTenant(server);
  const rival = await createTenant(server);
  const sibling = await createTenant(server, { app: home.app, receiver: home.receiver });
  const serviceApi = client(server.url, await appToken(server, home.app.app_id));
  return {
    home,
    rival,
    sibling,
    serviceApi,
    async close() {
      await home.receiver.close();
      await rival.receiver.close();
    },
  };
}

/** Waits until no webhook is on its way and nothing awaits validation, so the database holds still. */
export async function settle(server: TestServer): Promise<void> {
  const db = server.tandem.storage.db;
  await eventually(
    async () => {
      // Pending channels and sessions are read first: the validator turns one into a delivery in a
      // single commit, which a deliveries-first read could miss on both sides.
      const channel = await db
        .selectFrom("channels")
        .select("uid")
        .where("status", "=", "pending")
        .executeTakeFirst();
      const session = await db
        .selectFrom("sessions")
        .select("uid")
        .where("status", "=", "pending")
        .executeTakeFirst();
      const delivering = await db
        .selectFrom("deliveries")
        .select("uid")
        .where("status", "in", ["pending", "delivering"])
        .executeTakeFirst();
      return !channel && !session && !delivering;
    },
    10_000,
    "a quiet database",
  );
}

/** A staff message the app refuses until its delivery has failed for good and the page shows it failed. */
export async function failedStaffMessage(
  server: TestServer,
  tenant: Tenant,
): Promise<{ messageUid: string; deliveryUid: string }> {
  const sent = await tenant.adminPage.post(`/api/conversations/${tenant.client.uid}/messages`, {
    channel_uid: tenant.channel.uid,
    message: `${REFUSED_BY_APP} ${unique("")}`,
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const messageUid: string = sent.body.data.message.uid;
  const delivery = await eventually(
    async () => {
      const failed = await tenant.adminPage.get("/api/deliveries?status=failed&per_page=100");
      return failed.body.data.deliveries.find(
        (entry: JsonObject) => entry.payload?.message_uid === messageUid,
      );
    },
    10_000,
    "the delivery to fail",
  );
  await settle(server);
  return { messageUid, deliveryUid: delivery.uid };
}

/** A second channel of the tenant, turned `inactive` by its app. */
export async function inactiveChannel(server: TestServer, tenant: Tenant): Promise<JsonObject> {
  const channel = await activeChannel(tenant.appApi, tenant.receiver, tenant.businessUid, unique("Paused "));
  const paused = await tenant.appApi.put(`/business/communication/channels/${channel.uid}`, {
    status: "inactive",
  });
  assert.equal(paused.status, 200, JSON.stringify(paused.body));
  await settle(server);
  return paused.body.data.channel;
}

/** Registers hooks that start a server with a world before the suite and close both after it. */
export function serverWithWorld(dialect: DialectName): { server: () => TestServer; world: () => World } {
  let server: TestServer | undefined;
  let world: World | undefined;
  before(async () => {
    server = await startServer({ dialect });
    world = await createWorld(server);
  });
  after(async () => {
    await world?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    assert.ok(value, "the suite's server has started");
    return value;
  };
  return { server: () => started(server), world: () => started(world) };
}
