import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import { DIALECTS, directory, refusalTests, serverWithWorld, unique } from "@tandem/test-support";

/**
 * The directory token on business endpoints (SPEC §3): it acts on the business named by
 * `x-on-behalf-of` (or the body), and on the communication API as the app that owns the channel or
 * session it names; a new channel names its app by `app_code_name`.
 */
for (const dialect of DIALECTS) {
  describe(`the directory acting on behalf of a business, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const refuses = refusalTests(server);
    const dir = () => directory(server());
    const onBehalfOf = (tenant: "home" | "rival" = "home") => ({
      headers: { "x-on-behalf-of": world()[tenant].businessUid },
    });

    it("manages a business's clients and matters named by x-on-behalf-of alone", async () => {
      const { home } = world();
      const created = await dir().post("/platform/v1/clients", { first_name: "Olga" }, onBehalfOf());
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const clientUid = created.body.data.client.uid;
      const listed = await dir().get("/platform/v1/clients?search_term=Olga", undefined, onBehalfOf());
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual(
        listed.body.data.clients.map((client: JsonObject) => client.uid),
        [clientUid],
      );
      const elsewhere = await dir().get(
        "/platform/v1/clients?search_term=Olga",
        undefined,
        onBehalfOf("rival"),
      );
      assert.deepEqual(elsewhere.body.data.clients, [], "the header picks the business");

      const matters = `/business/clients/v1/contacts/${clientUid}/matters`;
      const matter = await dir().post(matters, { display_name: "Lease" }, onBehalfOf());
      assert.equal(matter.status, 201, JSON.stringify(matter.body));
      const found = await dir().get(matters, undefined, onBehalfOf());
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.ok(
        found.body.data.matters.some((entry: JsonObject) => entry.uid === matter.body.data.matter.uid),
      );
      const homeMatters = await dir().get(`/business/clients/v1/contacts/${home.client.uid}/matters`);
      assert.equal(homeMatters.status, 200, "a client's uid names its business");
    });

    it("lists every app's channels and sessions at the business it names", async () => {
      const { home, rival } = world();
      const channels = await dir().get("/business/communication/channels", undefined, onBehalfOf());
      assert.equal(channels.status, 200, JSON.stringify(channels.body));
      const channel = channels.body.data.channels.find((entry: JsonObject) => entry.uid === home.channel.uid);
      assert.equal(channel?.app_code_name, home.app.app_code_name);
      assert.ok(
        channels.body.data.channels.every((entry: JsonObject) => entry.business_uid === home.businessUid),
      );
      assert.ok(!channels.body.data.channels.some((entry: JsonObject) => entry.uid === rival.channel.uid));

      const sessions = await dir().get(
        `/business/communication/sessions?external_uid=${encodeURIComponent(home.session.external_uid)}`,
        undefined,
        onBehalfOf(),
      );
      assert.equal(sessions.status, 200, JSON.stringify(sessions.body));
      assert.deepEqual(
        sessions.body.data.sessions.map((session: JsonObject) => session.uid),
        [home.session.uid],
      );
    });

    it("acts as the app that owns the channel or session it names", async () => {
      const { home } = world();
      const channelPath = `/business/communication/channels/${home.channel.uid}`;
      const read = await dir().get(channelPath, undefined, onBehalfOf());
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.equal(read.body.data.channel.app_code_name, home.app.app_code_name);
      const renamed = await dir().put(channelPath, { display_name: home.channel.display_name }, onBehalfOf());
      assert.equal(renamed.status, 200, JSON.stringify(renamed.body));

      const session = await dir().get(
        `/business/communication/sessions/${home.session.uid}`,
        undefined,
        onBehalfOf(),
      );
      assert.equal(session.status, 200, JSON.stringify(session.body));
      const typing = await dir().post(
        "/business/communication/sessions/typing",
        { session_uid: home.session.uid, typing: false },
        onBehalfOf(),
      );
      assert.equal(typing.status, 200, JSON.stringify(typing.body));

      const messageUid = unique("directory-");
      const posted = await dir().post(
        "/business/communication/messages",
        {
          channel_uid: home.channel.uid,
          external_uid: home.session.external_uid,
          message: "Posted by the operator",
          message_uid: messageUid,
        },
        onBehalfOf(),
      );
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
      assert.equal(posted.body.data.message.session_uid, home.session.uid);
      const history = await dir().get(
        `/business/communication/messages?channel_uid=${home.channel.uid}&session_uid=${home.session.uid}`,
        undefined,
        onBehalfOf(),
      );
      assert.equal(history.status, 200, JSON.stringify(history.body));
      assert.equal(history.body.data.messages[0].message_uid, messageUid);
      // The app sees it as its own: the same channel, the same history.
      const asApp = await home.appApi.get(
        `/business/communication/messages?channel_uid=${home.channel.uid}&session_uid=${home.session.uid}`,
      );
      assert.equal(asApp.body.data.messages[0].message_uid, messageUid);
    });

    it("opens a channel for the installed app it names by app_code_name", async () => {
      const { home } = world();
      const created = await dir().post(
        "/business/communication/channels",
        { type: "promotional", display_name: "Operator line", app_code_name: home.app.app_code_name },
        onBehalfOf(),
      );
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.data.channel.app_code_name, home.app.app_code_name);
      assert.equal(created.body.data.channel.business_uid, home.businessUid);
      const seenByApp = await home.appApi.get(
        `/business/communication/channels/${created.body.data.channel.uid}`,
      );
      assert.equal(seenByApp.status, 200, "the channel is the app's");
    });

    refuses(
      "a channel without app_code_name",
      () => dir().post("/business/communication/channels", { type: "transactional" }, onBehalfOf()),
      { status: 422, code: "missing_field", field: "app_code_name" },
    );
    refuses(
      "a channel for an app the business has not installed",
      () =>
        dir().post(
          "/business/communication/channels",
          { type: "transactional", app_code_name: world().rival.app.app_code_name },
          onBehalfOf(),
        ),
      { status: 404, code: "not_found", field: "app_code_name" },
    );
    refuses(
      "another business's channel, named on behalf of home",
      () =>
        dir().get(`/business/communication/channels/${world().rival.channel.uid}`, undefined, onBehalfOf()),
      { status: 404, code: "not_found", field: "uid" },
    );
    refuses(
      "another business's session, named on behalf of home",
      () =>
        dir().get(`/business/communication/sessions/${world().rival.session.uid}`, undefined, onBehalfOf()),
      { status: 404, code: "not_found", field: "uid" },
    );
    refuses(
      "a message on another business's channel",
      () =>
        dir().post(
          "/business/communication/messages",
          {
            channel_uid: world().rival.channel.uid,
            external_uid: world().rival.session.external_uid,
            message: "Hello",
            message_uid: unique("cross-"),
          },
          onBehalfOf(),
        ),
      { status: 404, code: "not_found", field: "channel_uid" },
    );
    refuses(
      "an unknown business in x-on-behalf-of",
      () =>
        dir().get("/business/communication/channels", undefined, {
          headers: { "x-on-behalf-of": "no-such-business" },
        }),
      { status: 404, code: "not_found", field: "x-on-behalf-of" },
    );
    for (const [title, send] of [
      ["listing channels", () => dir().get("/business/communication/channels")],
      ["listing sessions", () => dir().get("/business/communication/sessions")],
      ["reading a channel", () => dir().get(`/business/communication/channels/${world().home.channel.uid}`)],
      [
        "posting a message",
        () =>
          dir().post("/business/communication/messages", {
            channel_uid: world().home.channel.uid,
            external_uid: world().home.session.external_uid,
            message: "Hello",
            message_uid: unique("unnamed-"),
          }),
      ],
      ["creating a client", () => dir().post("/platform/v1/clients", { first_name: "Nobody" })],
      ["listing clients", () => dir().get("/platform/v1/clients")],
    ] as const) {
      refuses(`${title} without naming a business is 422 naming x-on-behalf-of`, send, {
        status: 422,
        code: "missing_field",
        field: "x-on-behalf-of",
      });
    }
  });
}
