import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Tandem, TandemDirectory } from "../src/index.js";
import { failure } from "./support/failure.js";
import {
  DIALECTS,
  eventually,
  startServer,
  type TestServer,
  unique,
  WebhookReceiver,
} from "./support/tandem-server.js";

/** The directory's client against the real server: the platform API an operator's tools call. */
for (const dialect of DIALECTS) {
  describe(`the SDK's directory client against Tandem, on ${dialect}`, () => {
    let server: TestServer;
    let directory: TandemDirectory;
    const receiver = new WebhookReceiver();
    let appId: string;
    let appCodeName: string;
    let businessUid: string;
    let channelUid: string;

    before(async () => {
      await receiver.start();
      server = await startServer({ dialect });
      directory = new TandemDirectory({ baseUrl: server.url, token: server.directoryToken });
    });
    after(async () => {
      await server.close();
      await receiver.close();
    });

    it("registers an app, shown with its secrets once, then lists, reads, changes and rotates it", async () => {
      const { app } = await directory.apps.create({
        name: unique("Directory App "),
        app_type: ["communication"],
        redirect_uri: "http://127.0.0.1:1/callback",
        api_uri: receiver.baseUrl,
        trusted: true,
        scopes: ["openid", "business/clients", "business/communication"],
      });
      assert.match(app.webhook_secret, /^whsec_/);
      assert.ok(app.client_secret.length > 0);
      receiver.useSecret(app.webhook_secret);
      appId = app.app_id;
      appCodeName = app.app_code_name;

      const listed = await directory.apps.list({ per_page: 100 });
      assert.ok(listed.apps.some((each) => each.app_id === appId));
      assert.equal(listed.pagination.per_page, 100);
      const read = await directory.apps.get(appId);
      assert.equal(read.app.name, app.name);
      assert.equal("webhook_secret" in read.app, false, "no read shows a secret again");
      assert.equal((await directory.apps.update(appId, { open_channel: true })).app.open_channel, true);
      const rotated = await directory.apps.rotateSecret(appId, { type: "client" });
      assert.ok(rotated.client_secret && rotated.client_secret !== app.client_secret);
    });

    it("creates a business with its admin, adds and lists staff, and installs the app once", async () => {
      const created = await directory.businesses.create({
        name: unique("Shop "),
        admin: {
          email: `${unique("owner")}@example.com`,
          display_name: "Owner",
          password: "long enough pass",
        },
      });
      businessUid = created.business.uid;
      assert.equal(created.staff.role, "admin");
      assert.ok((await directory.businesses.list()).businesses.some((each) => each.uid === businessUid));
      assert.equal((await directory.businesses.get(businessUid)).business.name, created.business.name);

      const { staff } = await directory.staff.create(businessUid, {
        email: `${unique("clerk")}@example.com`,
        display_name: "Clerk",
        password: "long enough pass",
        role: "staff",
      });
      assert.deepEqual(
        (await directory.staff.list(businessUid)).staffs.map((each) => each.uid).sort(),
        [created.staff.uid, staff.uid].sort(),
      );

      const first = await directory.installations.create(businessUid, { app_code_name: appCodeName });
      const again = await directory.installations.create(businessUid, { app_code_name: appCodeName });
      assert.deepEqual(again, first);
      assert.deepEqual(
        (await directory.installations.list(businessUid)).installations.map((each) => each.app_code_name),
        [appCodeName],
      );
    });

    it("mints a token the app's client then uses, and creates a client for the business", async () => {
      const minted = await directory.tokens.mint({ app_id: appId, business_uid: businessUid });
      assert.equal(minted.token_type, "Bearer");
      const app = new Tandem({ baseUrl: server.url, accessToken: minted.token });
      const { channel } = await app.channels.create({ business_uid: businessUid, type: "transactional" });
      channelUid = channel.uid;
      await receiver.waitFor(
        (hook) => hook.path === `/channels/${channelUid}` && hook.body.status === "active",
      );

      const { client } = await directory.clients.create({ business_uid: businessUid, first_name: "Clara" });
      const found = await directory.clients.list({ business_uid: businessUid, search_term: "Clara" });
      assert.deepEqual(
        found.clients.map((each) => each.uid),
        [client.uid],
      );
    });

    it("reads the delivery log, retries a failed delivery and recovers the rest", async () => {
      receiver.answerWith(() => ({ status: 500, body: "down" }));
      const blocked = await directory.channels.setStatus(channelUid, { status: "blocked" });
      assert.equal(blocked.channel.status, "blocked");
      const failed = await eventually(
        async () => (await directory.deliveries.list(appId, { status: "failed" })).deliveries[0],
        20_000,
        "a failed delivery",
      );
      const detail = await directory.deliveries.get(failed.uid);
      assert.ok(detail.delivery.attempts.length >= 1);
      assert.equal(detail.delivery.attempts[0]?.status_code, 500);

      receiver.answerWith(() => ({ status: 204 }));
      const retried = await directory.deliveries.retry(failed.uid);
      assert.equal(retried.delivery.webhook_id, failed.webhook_id);
      await eventually(
        async () => (await directory.deliveries.get(failed.uid)).delivery.status === "succeeded",
        20_000,
        "the retried delivery to succeed",
      );
      const { recovered } = await directory.deliveries.recover(appId, { since: "2000-01-01T00:00:00Z" });
      assert.equal(typeof recovered, "number");
    });

    it("throws the API's refusals as TandemErrors naming the field", async () => {
      const shortPassword = await failure(
        directory.staff.create(businessUid, {
          email: `${unique("x")}@example.com`,
          display_name: "X",
          password: "x",
        }),
      );
      assert.equal(shortPassword.status, 422);
      assert.equal(shortPassword.field, "password");
      assert.match(shortPassword.requestId ?? "", /\S/);

      const badStatus = await failure(
        // @ts-expect-error a status the contract does not know, as a script might send it
        directory.deliveries.list(appId, { status: "nope" }),
      );
      assert.equal(badStatus.status, 422);
      assert.equal(badStatus.field, "status");

      const missing = await failure(directory.businesses.get("00000000-0000-7000-8000-000000000000"));
      assert.equal(missing.status, 404);
      assert.equal(missing.code, "not_found");

      const stranger = new TandemDirectory({ baseUrl: server.url, token: "tdir_not_the_token" });
      const refused = await failure(stranger.apps.list());
      assert.equal(refused.status, 401);
      assert.equal(refused.code, "unauthorized");

      assert.deepEqual(await directory.installations.delete(businessUid, appCodeName), {});
      assert.deepEqual((await directory.installations.list(businessUid)).installations, []);
    });
  });
}
