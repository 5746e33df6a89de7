import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  activeChannel,
  appToken,
  type Client,
  client,
  clientWithSession,
  createBusiness,
  DIALECTS,
  eventually,
  install,
  type JsonObject,
  registerApp,
  signIn,
  staffClient,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";

const SESSIONS = 6;
const CONCURRENCY = 2;

/** SPEC §6: sessions are delivered in parallel, bounded per app; a slow app does not hold up another. */
for (const dialect of DIALECTS) {
  describe(`delivery concurrency on ${dialect}`, () => {
    let server: TestServer;
    const slowReceiver = new WebhookReceiver();
    const fastReceiver = new WebhookReceiver();

    before(async () => {
      await slowReceiver.start();
      await fastReceiver.start();
      server = await startServer({ dialect, env: { TANDEM_WEBHOOK_CONCURRENCY: String(CONCURRENCY) } });
    });
    after(async () => {
      await server?.close();
      await slowReceiver.close();
      await fastReceiver.close();
    });

    /** An installed app with one active channel and `SESSIONS` active sessions. */
    const appWithSessions = async (receiver: WebhookReceiver, businessUid: string) => {
      const { app } = await registerApp(server, receiver);
      await install(server, businessUid, app.app_code_name);
      const api: Client = client(server.url, await appToken(server, app.app_id, businessUid));
      const channel = await activeChannel(api, receiver, businessUid);
      const clients: string[] = [];
      for (let index = 0; index < SESSIONS; index++) {
        const { client: person } = await clientWithSession(server, {
          receiver,
          businessUid,
          appApi: api,
          channel,
        });
        clients.push(person.uid);
      }
      return { channel: channel as JsonObject, clients };
    };

    it("bounds each app's parallel deliveries and lets a fast app pass a slow one", async () => {
      const business = await createBusiness(server);
      const staff = staffClient(server, await signIn(server, business.adminEmail, business.adminPassword));
      const slow = await appWithSessions(slowReceiver, business.business.uid);
      const fast = await appWithSessions(fastReceiver, business.business.uid);

      let open = 0;
      let mostOpen = 0;
      slowReceiver.answerWith(() => {
        open++;
        mostOpen = Math.max(mostOpen, open);
        setTimeout(() => open--, 600);
        return { status: 204, delayMs: 600 };
      });
      const send = (clientUid: string, channelUid: string) =>
        staff.post(`/api/conversations/${clientUid}/messages`, { channel_uid: channelUid, message: "hello" });
      const slowSends = await Promise.all(slow.clients.map((clientUid) => send(clientUid, slow.channel.uid)));
      const fastSends = await Promise.all(fast.clients.map((clientUid) => send(clientUid, fast.channel.uid)));
      const slowUids = slowSends.map((answer) => answer.body.data.message.uid);
      const fastUids = fastSends.map((answer) => answer.body.data.message.uid);

      await eventually(
        async () =>
          fastUids.every((uid) => fastReceiver.received.some((hook) => hook.body?.message_uid === uid)),
        10_000,
        "the fast app",
      );
      const slowDoneWhenFastDone = slowUids.filter((uid) =>
        slowReceiver.received.some((hook) => hook.body?.message_uid === uid),
      ).length;
      assert.ok(
        slowDoneWhenFastDone < SESSIONS,
        "the fast app finished while the slow one was still working",
      );
      await eventually(
        async () =>
          slowUids.every((uid) => slowReceiver.received.some((hook) => hook.body?.message_uid === uid)),
        15_000,
        "the slow app",
      );
      assert.equal(mostOpen, CONCURRENCY, `the slow app had ${mostOpen} deliveries in flight at most`);
    });
  });
}
