import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DIALECTS,
  registerApp,
  staffClient,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";
import { sha256 } from "../../src/auth/secrets.js";
import { CLOSE_SIGNED_OUT } from "../../src/realtime/sign-in-watch.js";
import { setUpConversation, staffToken, stillLive } from "./conversation.js";
import { FeedSocket } from "./feed-socket.js";

/** Long enough that only the sign-out itself can close a socket within a test. */
const NEVER_CHECKED = "600000";
const CHECKED_OFTEN = "200";

/** A page socket lasts as long as the sign-in it was opened with. */
for (const dialect of DIALECTS) {
  describe(`page sockets and their sign-in on ${dialect}`, () => {
    const receiver = new WebhookReceiver();
    const servers: TestServer[] = [];
    const sockets: FeedSocket[] = [];
    const open = async (server: TestServer, credentials: Parameters<typeof FeedSocket.ready>[1]) => {
      const socket = await FeedSocket.ready(server.url, credentials);
      sockets.push(socket);
      return socket;
    };
    const serverCheckingEvery = async (ms: string) => {
      const server = await startServer({ dialect, env: { TANDEM_SIGN_IN_CHECK_MS: ms } });
      servers.push(server);
      const { app } = await registerApp(server, receiver);
      return { server, shop: await setUpConversation(server, receiver, app) };
    };

    before(() => receiver.start());
    after(async () => {
      for (const socket of sockets) await socket.close();
      for (const server of servers) await server.close();
      await receiver.close();
    });

    it("signing out closes the sockets opened with that session at once, and no other", async () => {
      const { server, shop } = await serverCheckingEvery(NEVER_CHECKED);
      const tabs = [await open(server, { cookie: shop.cookie }), await open(server, { cookie: shop.cookie })];
      // The same person signed in on another device, and a client holding a staff token.
      const otherDevice = await open(server, { cookie: await shop.signInAgain() });
      const tokenHolder = await open(server, { token: await staffToken(server, shop.staffUid) });

      const out = await staffClient(server, shop.cookie).post("/api/auth/logout", {});
      assert.equal(out.status, 200);
      for (const tab of tabs) {
        const closed = await tab.closedWithin(2_000);
        assert.equal(closed.code, CLOSE_SIGNED_OUT);
        assert.match(closed.reason, /signed out/);
      }
      await stillLive(shop, [otherDevice, tokenHolder]);
    });

    it("a sign-in that ends without a sign-out here closes its sockets within a check: expired, revoked", async () => {
      const { server, shop } = await serverCheckingEvery(CHECKED_OFTEN);
      const db = server.tandem.storage.db;
      const expiring = await open(server, { cookie: shop.cookie });
      const token = await staffToken(server, shop.staffUid);
      const revoked = await open(server, { token });
      const lasting = await open(server, { token: await staffToken(server, shop.staffUid) });

      await db
        .updateTable("staff_sessions")
        .set({ expires_at: "2000-01-01T00:00:00.000Z" })
        .where("id_hash", "=", sha256(shop.cookie.split("=")[1] ?? ""))
        .execute();
      await db.deleteFrom("api_tokens").where("token_hash", "=", sha256(token)).execute();
      for (const socket of [expiring, revoked]) {
        assert.equal((await socket.closedWithin(5_000)).code, CLOSE_SIGNED_OUT);
      }
      await stillLive(shop, [lasting]);
    });
  });
}
