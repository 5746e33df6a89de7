import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import {
  createBusiness,
  DIALECTS,
  registerApp,
  signIn,
  startServer,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";
import { createLogger } from "../../src/logger.js";
import { FEED_RETENTION_MS, FeedRetention } from "../../src/realtime/retention.js";
import { type Conversation, clientWrites, isCreated, setUpConversation, staffToken } from "./conversation.js";
import { assertOrdered, FeedSocket, refusedUpgrade } from "./feed-socket.js";

/** SPEC §8, the realtime row: `GET /api/realtime?cursor=…`, events `{id, type, data}`, resumable. */
for (const dialect of DIALECTS) {
  describe(`the page's realtime feed on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let app: JsonObject;
    let shop: Conversation;
    let bakery: Conversation;
    const sockets: FeedSocket[] = [];
    const open = async (credentials: Parameters<typeof FeedSocket.ready>[1]) => {
      const socket = await FeedSocket.ready(server.url, credentials);
      sockets.push(socket);
      return socket;
    };
    const newestId = async () => {
      const row = await server.tandem.storage.db
        .selectFrom("page_events")
        .select((eb) => eb.fn.max<number>("id").as("newest"))
        .executeTakeFirstOrThrow();
      return Number(row.newest);
    };

    before(async () => {
      await receiver.start();
      server = await startServer({ dialect });
      ({ app } = await registerApp(server, receiver));
      shop = await setUpConversation(server, receiver, app);
      bakery = await setUpConversation(server, receiver, app);
    });

    after(async () => {
      for (const socket of sockets) await socket.close();
      await server?.close();
      await receiver.close();
    });

    it("refuses the upgrade without a staff session or token, to app tokens, and to a cookie from another origin", async () => {
      assert.equal(await refusedUpgrade(server.url), 401);
      assert.equal(await refusedUpgrade(server.url, { cookie: "tandem_session=tses_forged" }), 401);
      assert.equal(
        await refusedUpgrade(server.url, { token: shop.app.token }),
        401,
        "an app token is the wrong kind",
      );
      assert.equal(await refusedUpgrade(server.url, { token: server.directoryToken }), 401);
      assert.equal(
        await refusedUpgrade(server.url, { cookie: shop.cookie, origin: "https://elsewhere.example" }),
        403,
        "a page on another origin cannot ride the session cookie",
      );
      assert.equal(await refusedUpgrade(server.url, { cookie: shop.cookie, cursor: "yesterday" }), 422);

      const ownOrigin = await open({ cookie: shop.cookie, origin: server.url });
      assert.equal(ownOrigin.messages[0]?.type, "ready");
    });

    it("starts live with ready, then carries each of the page's events as it happens, in order", async () => {
      const feed = await open({ cookie: shop.cookie });
      const ready = feed.messages[0];
      assert.deepEqual(ready && { type: ready.type, data: ready.data }, { type: "ready", data: {} });
      assert.ok(Number.isInteger(ready?.id));

      const text = unique("Are you open today? ");
      const message = await clientWrites(shop, text);
      const created = await feed.waitFor(isCreated(text), "message.created");
      assert.ok(created.id > (ready?.id ?? 0));
      assert.equal(created.data.uid, message.uid);
      assert.equal(created.data.status, "pending");
      assert.equal(created.data.direction, "client_to_business");
      assert.equal(created.data.channel.uid, shop.channelUid);
      await feed.waitFor(
        (event) => event.type === "conversation.updated" && event.data.client_uid === shop.clientUid,
        "conversation.updated",
      );

      assert.equal((await shop.staff.get(`/api/conversations/${shop.clientUid}/messages`)).status, 200);
      await feed.waitFor(
        (event) =>
          event.type === "message.updated" &&
          event.data.uid === message.uid &&
          event.data.status === "received",
        "message.updated to received",
      );
      assert.equal((await shop.staff.post(`/api/conversations/${shop.clientUid}/read`)).status, 200);
      await feed.waitFor(
        (event) =>
          event.type === "message.updated" && event.data.uid === message.uid && event.data.status === "read",
        "message.updated to read",
      );

      const typing = await shop.app.post("/business/communication/v1/sessions/typing", {
        session_uid: shop.sessionUid,
        typing: true,
      });
      assert.equal(typing.status, 200);
      const typed = await feed.waitFor((event) => event.type === "typing", "typing");
      assert.deepEqual(typed.data, {
        client_uid: shop.clientUid,
        session_uid: shop.sessionUid,
        channel_uid: shop.channelUid,
        typing: true,
      });

      const reply = unique("Yes, until 6 pm. ");
      const sent = await shop.staff.post(`/api/conversations/${shop.clientUid}/messages`, {
        channel_uid: shop.channelUid,
        message: reply,
      });
      assert.equal(sent.status, 201);
      const outgoing = await feed.waitFor(isCreated(reply), "the staff's own message");
      assert.equal(outgoing.data.direction, "business_to_client");

      assertOrdered(feed.messages);
      assert.equal(feed.ofType("ready").length, 1);
    });

    it("gives the business's events to each of its sockets, and none to another business", async () => {
      const byCookie = await open({ cookie: shop.cookie });
      const byToken = await open({ token: await staffToken(server, shop.staffUid) });
      const otherBusiness = await open({ cookie: bakery.cookie });

      const text = unique("For the shop only ");
      await clientWrites(shop, text);
      const first = await byCookie.waitFor(isCreated(text), "the event on the cookie socket");
      const second = await byToken.waitFor(isCreated(text), "the event on the token socket");
      assert.equal(first.id, second.id);

      // The feed is in id order: once the bakery's own later event is there, the shop's would have been too.
      const own = unique("For the bakery ");
      await clientWrites(bakery, own);
      await otherBusiness.waitFor(isCreated(own), "the bakery's own event");
      assert.equal(otherBusiness.messages.filter(isCreated(text)).length, 0);
      const clientUids = otherBusiness.messages.flatMap((event) =>
        event.data.client_uid ? [event.data.client_uid] : [],
      );
      assert.deepEqual([...new Set(clientUids)], [bakery.clientUid]);
    });

    it("resumes from a cursor: what happened while away is replayed once, in order, then it goes on live", async () => {
      const before = await open({ cookie: shop.cookie });
      const seen = unique("Seen ");
      await clientWrites(shop, seen);
      await before.waitFor(isCreated(seen), "the message seen before closing");
      await before.waitFor((event) => event.type === "conversation.updated", "conversation.updated");
      const cursor = before.lastId;
      await before.close();

      const missed = [unique("Missed one "), unique("Missed two "), unique("Missed three ")];
      for (const text of missed) await clientWrites(shop, text);
      await clientWrites(bakery, unique("Not the shop's "));

      const resumed = await open({ cookie: shop.cookie, cursor });
      const ready = await resumed.waitFor((event) => event.type === "ready", "ready");
      const replayed = resumed.messages.slice(0, resumed.messages.indexOf(ready));
      assert.deepEqual(
        replayed.filter((event) => event.type === "message.created").map((event) => event.data.message),
        missed,
      );
      assert.ok(replayed.every((event) => event.id > cursor));
      assert.ok(ready.id >= (replayed.at(-1)?.id ?? cursor));

      const live = unique("Back live ");
      await clientWrites(shop, live);
      await resumed.waitFor(isCreated(live), "the live message after the replay");
      assert.equal(resumed.messages.filter(isCreated(seen)).length, 0, "nothing before the cursor");
      assertOrdered(resumed.messages);
    });

    it("hands over from replay to live without a gap or a duplicate while messages keep arriving", async () => {
      const start = await open({ cookie: shop.cookie });
      const cursor = start.messages[0]?.id ?? 0;
      const texts = Array.from({ length: 18 }, (_, index) => unique(`Burst ${index} `));
      let resumed: Promise<FeedSocket> | null = null;
      for (let index = 0; index < texts.length; index += 3) {
        // Three at a time, so that on PostgreSQL transactions commit out of id order too.
        await Promise.all(texts.slice(index, index + 3).map((text) => clientWrites(shop, text)));
        if (index === 6) resumed = open({ cookie: shop.cookie, cursor });
      }
      const feed = await (resumed as Promise<FeedSocket> | null);
      assert.ok(feed);
      for (const text of texts) await feed.waitFor(isCreated(text), text);
      const created = feed.messages
        .filter((event) => event.type === "message.created")
        .map((event) => event.data.message);
      assert.deepEqual([...created].sort(), [...texts].sort(), "each message once");
      assertOrdered(feed.messages);
      assert.equal(feed.ofType("ready").length, 1);
    });

    it("answers reset to a cursor it cannot resume (from the future, or older than what is kept), then goes on live", async () => {
      const future = await open({ cookie: shop.cookie, cursor: (await newestId()) + 1000 });
      assert.deepEqual(
        future.messages.slice(0, 2).map((event) => event.type),
        ["reset", "ready"],
      );
      const text = unique("After a reset ");
      await clientWrites(shop, text);
      const live = await future.waitFor(isCreated(text), "live after the reset");
      assert.ok(live.id > (future.messages[0]?.id ?? 0));

      await new FeedRetention(server.tandem.storage.db, createLogger("silent")).prune(
        Date.now() + FEED_RETENTION_MS + 60_000,
      );
      const newest = await newestId();
      const pruned = await open({ cookie: shop.cookie, cursor: 0 });
      assert.deepEqual(
        pruned.messages.slice(0, 2).map((event) => event.type),
        ["reset", "ready"],
        "events after the cursor were pruned",
      );
      const current = await open({ cookie: shop.cookie, cursor: newest - 1 });
      assert.equal(
        current.ofType("reset").length,
        0,
        "the newest event is always kept, so this cursor still resumes",
      );
    });
  });

  describe(`shutting down with page sockets open on ${dialect}`, () => {
    it("tells each page to reconnect elsewhere (1001) and closes", async () => {
      const server = await startServer({ dialect });
      const business = await createBusiness(server);
      const cookie = await signIn(server, business.adminEmail, business.adminPassword);
      const feed = await FeedSocket.ready(server.url, { cookie });
      await server.close();
      assert.equal((await feed.closed).code, 1001);
    });
  });
}
