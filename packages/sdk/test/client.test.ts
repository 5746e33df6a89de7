import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Tandem, TandemError } from "../src/index.js";
import { type AppScenario, countingFetch, startAppScenario } from "./support/scenario.js";
import { DIALECTS, LossyProxy, signIn, staffClient, unique } from "./support/tandem-server.js";

/** The typed client against the real server: every call an app makes, on both databases. */
for (const dialect of DIALECTS) {
  describe(`the SDK's client against Tandem, on ${dialect}`, () => {
    let scenario: AppScenario;
    let tandem: Tandem;
    let channelUid: string;
    let clientUid: string;
    let sessionUid: string;
    const externalUid = unique("ext-");

    before(async () => {
      scenario = await startAppScenario(dialect);
      tandem = scenario.sdk();
    });
    after(() => scenario.close());

    it("creates a channel, which Tandem validates and announces active", async () => {
      const { channel } = await tandem.forBusiness(scenario.businessUid).channels.create({
        type: "transactional",
        display_name: "WhatsApp",
        metadata: { number: "+15550001" },
      });
      assert.equal(channel.status, "pending");
      assert.equal(channel.business_uid, scenario.businessUid);
      assert.equal(channel.app_code_name, scenario.app.app_code_name);
      channelUid = channel.uid;
      await scenario.receiver.waitFor(
        (hook) => hook.path === `/channels/${channelUid}` && hook.body.status === "active",
      );
      assert.equal((await tandem.channels.get(channelUid)).channel.status, "active");
    });

    it("lists, updates and reads channels", async () => {
      const listed = await tandem.channels.list({ business_uid: scenario.businessUid, status: "active" });
      assert.deepEqual(
        listed.channels.map((channel) => channel.uid),
        [channelUid],
      );
      const renamed = await tandem.channels.update(channelUid, { display_name: "WhatsApp Business" });
      assert.equal(renamed.channel.display_name, "WhatsApp Business");
      assert.deepEqual(renamed.channel.metadata, { number: "+15550001" });
    });

    it("creates clients and matters, lists and finds them", async () => {
      const business = tandem.forBusiness(scenario.businessUid);
      const created = await business.clients.create({
        first_name: "Clara",
        last_name: "Client",
        email: `${unique("clara")}@example.com`,
      });
      clientUid = created.client.uid;
      assert.equal(created.matter.client_uid, clientUid);
      const found = await tandem.clients.list({ business_uid: scenario.businessUid, search_term: "Clara" });
      assert.deepEqual(
        found.clients.map((client) => client.uid),
        [clientUid],
      );
      assert.equal(found.pagination.total, 1);
      assert.equal((await business.clients.get(clientUid)).client.first_name, "Clara");

      const matter = await business.matters.create(clientUid, { display_name: "Second case" });
      const matters = await business.matters.list(clientUid);
      assert.ok(matters.matters.some((each) => each.uid === matter.matter.uid));
      assert.equal(matters.matters.length, 2);
    });

    it("opens a session (the same request again answers it), activates and finds it", async () => {
      const request = {
        business_uid: scenario.businessUid,
        channel_uid: channelUid,
        contact_uid: clientUid,
        external_uid: externalUid,
      };
      const { session } = await tandem.sessions.create(request);
      sessionUid = session.uid;
      assert.equal((await tandem.sessions.create(request)).session.uid, sessionUid);
      await scenario.receiver.waitFor(
        (hook) => hook.path === `/sessions/${sessionUid}` && hook.body.status === "inactive",
      );
      const active = await tandem.sessions.update(sessionUid, { status: "active" });
      assert.equal(active.session.status, "active");
      const byExternal = await tandem.sessions.list({ channel_uid: channelUid, external_uid: externalUid });
      assert.deepEqual(
        byExternal.sessions.map((each) => each.uid),
        [sessionUid],
      );
      assert.equal((await tandem.sessions.get(sessionUid)).session.contact_uid, clientUid);
    });

    it("posts a message whose answer was lost: the retry is answered with the same message, stored once", async () => {
      const proxy = new LossyProxy(scenario.server.url);
      await proxy.start();
      let posts = 0;
      proxy.loseAnswerOf(
        (request) =>
          request.method === "POST" && request.url === "/business/communication/messages" && posts++ === 0,
      );
      try {
        const throughProxy = scenario.sdk({ baseUrl: proxy.url, retry: { baseDelayMs: 10 } });
        const messageUid = unique("wamid-");
        const { message } = await throughProxy.messages.create({
          channel_uid: channelUid,
          external_uid: externalUid,
          message: "Hello, is the shop open?",
          message_uid: messageUid,
        });
        assert.equal(posts, 2, "the first answer was lost and the SDK sent the message again");
        assert.equal(message.message_uid, messageUid);
        const history = await tandem.messages.list({ channel_uid: channelUid, session_uid: sessionUid });
        assert.deepEqual(
          history.messages.filter((each) => each.message_uid === messageUid).map((each) => each.uid),
          [message.uid],
        );
      } finally {
        await proxy.close();
      }
    });

    it("reports the status of a message staff sent, and reads the history newest first", async () => {
      const staff = staffClient(
        scenario.server,
        await signIn(scenario.server, scenario.business.adminEmail, scenario.business.adminPassword),
      );
      const sent = await staff.post(`/api/conversations/${clientUid}/messages`, {
        channel_uid: channelUid,
        message: "Yes, until six.",
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const outgoing = await scenario.receiver.waitFor(
        (hook) => hook.path === "/messages" && hook.body.message === "Yes, until six.",
      );
      const report = await tandem.messages.reportStatus(outgoing.body.message_uid, {
        channel_uid: channelUid,
        status: "sent",
      });
      assert.equal(report.applied, true);
      assert.equal(report.message.status, "sent");

      const history = await tandem.messages.list({
        channel_uid: channelUid,
        external_uid: externalUid,
        limit: 1,
      });
      assert.equal(history.messages[0]?.uid, outgoing.body.message_uid);
      assert.equal(history.has_more, true);
    });

    it("says the client is typing", async () => {
      assert.deepEqual(await tandem.typing({ session_uid: sessionUid, typing: true }), {});
      assert.deepEqual(
        await tandem.forBusiness(scenario.businessUid).typing({ session_uid: sessionUid, typing: false }),
        {},
      );
    });

    it("throws a TandemError with status, code, field and request id on 422 and 404", async () => {
      const invalid = await tandem.messages
        .create({
          channel_uid: channelUid,
          external_uid: externalUid,
          message: "",
          message_uid: unique("m-"),
        })
        .then(
          () => assert.fail("an empty message was accepted"),
          (error: unknown) => error,
        );
      assert.ok(invalid instanceof TandemError);
      assert.equal(invalid.status, 422);
      assert.equal(invalid.field, "message");
      assert.ok(["too_long", "invalid", "missing_field"].includes(invalid.code), invalid.code);
      assert.match(invalid.requestId ?? "", /\S/);
      assert.equal(invalid.errors[0]?.field, "message");
      assert.equal(invalid.method, "POST");
      assert.equal(invalid.path, "/business/communication/messages");

      const missing = await tandem.channels.get("00000000-0000-7000-8000-000000000000").then(
        () => assert.fail("a channel that does not exist was found"),
        (error: unknown) => error,
      );
      assert.ok(missing instanceof TandemError);
      assert.equal(missing.status, 404);
      assert.equal(missing.code, "not_found");
      assert.match(missing.requestId ?? "", /\S/);
      console.log(`# 404: ${missing.message} (request ${missing.requestId})`);
    });

    it("names an existing session on already_exists", async () => {
      const other = await tandem.sessions
        .create({
          business_uid: scenario.businessUid,
          channel_uid: channelUid,
          contact_uid: clientUid,
          external_uid: unique("other-"),
        })
        .then(
          () => assert.fail("a second session for the client was opened"),
          (error: unknown) => error,
        );
      assert.ok(other instanceof TandemError);
      assert.equal(other.status, 422);
      assert.equal(other.code, "already_exists");
      assert.equal(other.existingUid, sessionUid);
    });

    it("takes one app-level token for ten concurrent calls, then deletes a channel", async () => {
      const counting = countingFetch();
      const fresh = scenario.sdk({ fetch: counting.fetch });
      const business = fresh.forBusiness(scenario.businessUid);
      const answers = await Promise.all(Array.from({ length: 10 }, () => business.channels.list()));
      assert.equal(counting.count("POST /oauth/token"), 1);
      for (const answer of answers) assert.ok(answer.channels.some((channel) => channel.uid === channelUid));
      const deleted = await business.channels.delete(channelUid);
      assert.equal(deleted.channel.status, "deleted");
      assert.equal(counting.count("POST /oauth/token"), 1);
    });
  });
}
