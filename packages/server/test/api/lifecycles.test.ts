import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  activeChannel,
  activeSession,
  appToken,
  businessWithApp,
  type Client,
  client,
  createBusiness,
  createClient,
  DIALECTS,
  directory,
  eventually,
  type JsonObject,
  registerApp,
  startServer,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";

/** The corners of SPEC §7 that the guide's happy path does not walk. */
for (const dialect of DIALECTS) {
  describe(`lifecycles on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let app: JsonObject;
    let appApi: Client;
    let businessUid: string;

    before(async () => {
      await receiver.start();
      server = await startServer({ dialect });
      ({ app } = await registerApp(server, receiver));
      ({ businessUid, appApi } = await businessWithApp(server, app));
    });

    after(async () => {
      await server?.close();
      await receiver.close();
    });

    it("puts a session under the matter with the latest conversation activity", async () => {
      const { client: person, matter: general } = await createClient(server, businessUid);
      const second = await directory(server).post(`/business/clients/v1/contacts/${person.uid}/matters`, {
        display_name: "Wedding cake",
      });
      assert.equal(second.status, 201);
      const matters = await appApi.get(`/business/clients/v1/contacts/${person.uid}/matters`);
      assert.equal(matters.body.data.matters.length, 2);

      const first = await activeChannel(appApi, receiver, businessUid, "First");
      const viaMatter = await activeSession(
        appApi,
        receiver,
        businessUid,
        first.uid,
        second.body.data.matter.uid,
      );
      assert.equal(viaMatter.matter_uid, second.body.data.matter.uid, "a matter uid names the matter");
      const posted = await appApi.post("/business/communication/messages", {
        channel_uid: first.uid,
        external_uid: viaMatter.external_uid,
        message: "About the cake",
        message_uid: unique("m-"),
      });
      assert.equal(posted.status, 201);

      const other = await activeChannel(appApi, receiver, businessUid, "Second");
      const viaClient = await activeSession(appApi, receiver, businessUid, other.uid, person.uid);
      assert.equal(viaClient.matter_uid, second.body.data.matter.uid, "the client's busiest matter");
      assert.notEqual(viaClient.matter_uid, general.uid);
    });

    it("refuses sessions and messages where the conversation cannot happen, saying which", async () => {
      const channel = await activeChannel(appApi, receiver, businessUid, "Refusals");
      const { client: person } = await createClient(server, businessUid);
      const created = await appApi.post("/business/communication/sessions", {
        business_uid: businessUid,
        channel_uid: channel.uid,
        contact_uid: person.uid,
        external_uid: "ext-refusals",
      });
      await receiver.waitFor((hook) => hook.path === `/sessions/${created.body.data.session.uid}`);
      const notActive = await appApi.post("/business/communication/messages", {
        channel_uid: channel.uid,
        external_uid: "ext-refusals",
        message: "hello",
        message_uid: unique("m-"),
      });
      assert.equal(notActive.status, 422);
      assert.equal(notActive.body.errors[0].code, "invalid");
      assert.equal(notActive.body.errors[0].field, "external_uid");
      assert.match(notActive.body.errors[0].message, /inactive, not active/);

      const unknown = await appApi.post("/business/communication/messages", {
        channel_uid: channel.uid,
        external_uid: "nobody",
        message: "hello",
        message_uid: unique("m-"),
      });
      assert.equal(unknown.status, 422);
      assert.match(unknown.body.errors[0].message, /no session/);

      const off = await appApi.put(`/business/communication/channels/${channel.uid}`, { status: "inactive" });
      assert.equal(off.body.data.channel.status, "inactive");
      await receiver.waitFor(
        (hook) => hook.path === `/channels/${channel.uid}` && hook.body.status === "inactive",
      );
      const activate = await appApi.put(`/business/communication/sessions/${created.body.data.session.uid}`, {
        status: "active",
      });
      assert.equal(activate.body.data.session.status, "inactive", "activation on an inactive channel fails");
      const onInactive = await appApi.post("/business/communication/sessions", {
        business_uid: businessUid,
        channel_uid: channel.uid,
        contact_uid: (await createClient(server, businessUid)).client.uid,
        external_uid: "ext-other",
      });
      assert.equal(onInactive.status, 422);
      assert.equal(onInactive.body.errors[0].field, "channel_uid");

      const again = await appApi.put(`/business/communication/channels/${channel.uid}`, { status: "active" });
      assert.equal(again.body.data.channel.status, "pending", "re-activation goes through validation");
      await eventually(
        async () =>
          receiver.matching(
            (hook) => hook.path === `/channels/${channel.uid}` && hook.body.status === "active",
          ).length === 2,
        5_000,
        "a second `active` webhook",
      );
    });

    it("lets the directory block a channel, which the app then cannot reopen", async () => {
      const channel = await activeChannel(appApi, receiver, businessUid, "Blockable");
      const blocked = await directory(server).put(`/platform/v1/channels/${channel.uid}`, {
        status: "blocked",
      });
      assert.equal(blocked.status, 200);
      await receiver.waitFor(
        (hook) => hook.path === `/channels/${channel.uid}` && hook.body.status === "blocked",
      );
      const reopen = await appApi.put(`/business/communication/channels/${channel.uid}`, {
        status: "active",
      });
      assert.equal(reopen.status, 403);
      assert.equal(reopen.body.errors[0].code, "forbidden");
    });

    it("records a message the business sent from the app itself as sent by the business", async () => {
      const channel = await activeChannel(appApi, receiver, businessUid, "Outbound");
      const { client: person } = await createClient(server, businessUid);
      const session = await activeSession(appApi, receiver, businessUid, channel.uid, person.uid);
      const recorded = await appApi.post("/business/communication/messages", {
        channel_uid: channel.uid,
        external_uid: session.external_uid,
        message: "Sent from the phone",
        message_uid: unique("m-"),
        direction: "business_to_client",
      });
      assert.equal(recorded.status, 201);
      assert.equal(recorded.body.data.message.direction, "business_to_client");
      assert.equal(recorded.body.data.message.status, "sent");
      const before = receiver.received.length;
      const delivered = await appApi.put(
        `/business/communication/messages/${recorded.body.data.message.message_uid}`,
        {
          channel_uid: channel.uid,
          status: "received",
        },
      );
      assert.equal(delivered.body.data.message.status, "received");
      const history = await appApi.get(
        `/business/communication/messages?channel_uid=${channel.uid}&session_uid=${session.uid}`,
      );
      assert.equal(history.body.data.messages[0].message, "Sent from the phone");
      assert.equal(receiver.received.length, before, "no webhook for the app's own message");
    });

    it("accepts an app-level token acting on behalf of an installed business", async () => {
      const serviceApi = client(server.url, await appToken(server, app.app_id));
      const listed = await serviceApi.get("/business/communication/channels", undefined, {
        headers: { "x-on-behalf-of": businessUid },
      });
      assert.equal(listed.status, 200);
      assert.ok(listed.body.data.channels.length > 0);
      const created = await serviceApi.post(
        "/business/communication/channels",
        { type: "promotional", display_name: "Offers" },
        { headers: { "x-on-behalf-of": businessUid } },
      );
      assert.equal(created.status, 201);
      assert.equal(created.body.data.channel.business_uid, businessUid);
      const elsewhere = await createBusiness(server);
      const refused = await serviceApi.post("/business/communication/channels", {
        business_uid: elsewhere.business.uid,
        type: "transactional",
      });
      assert.equal(refused.status, 404, "not installed there");
    });

    it("lets a staff bearer token minted by the directory use the page's API", async () => {
      const business = await createBusiness(server);
      const minted = await directory(server).post("/platform/v1/tokens", { staff_uid: business.admin.uid });
      assert.equal(minted.status, 201);
      const staffApi = client(server.url, minted.body.data.token);
      const me = await staffApi.get("/api/auth/me");
      assert.equal(me.status, 200);
      assert.equal(me.body.data.staff.uid, business.admin.uid);
      assert.equal(
        (await staffApi.get("/business/communication/channels")).status,
        401,
        "a staff token is not an app token",
      );
    });
  });
}
