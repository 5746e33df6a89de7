import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import {
  DIALECTS,
  directory,
  eventually,
  readyConversation,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";

/** SPEC §6: typing that could not go out while it mattered is dropped, never delivered late. */
for (const dialect of DIALECTS) {
  describe(`stale typing on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();

    before(async () => {
      await receiver.start();
      // One delivery at a time per app, and typing worth sending for 300 ms only.
      server = await startServer({
        dialect,
        env: { TANDEM_WEBHOOK_CONCURRENCY: "1", TANDEM_TYPING_TTL_MS: "300" },
      });
    });
    after(async () => {
      await server?.close();
      await receiver.close();
    });

    it("drops typing that waited past its life behind a busy app", async () => {
      const { app, staff, channel, client: person, session } = await readyConversation(server, { receiver });

      receiver.answerWith((hook) =>
        hook.method === "POST" && hook.path === "/messages"
          ? { status: 204, delayMs: 1_000 }
          : { status: 204 },
      );
      const sent = await staff.post(`/api/conversations/${person.uid}/messages`, {
        channel_uid: channel.uid,
        message: "busy",
      });
      await receiver.waitFor((hook) => hook.body?.message_uid === sent.body.data.message.uid);
      const typing = await staff.post(`/api/conversations/${person.uid}/typing`, {
        channel_uid: channel.uid,
        typing: true,
      });
      assert.equal(typing.status, 200);

      const dropped = await eventually(
        async () => {
          const list = await directory(server).get(
            `/platform/v1/apps/${app.app_id}/deliveries?status=dropped&event=typing`,
          );
          return (list.body.data.deliveries as JsonObject[])[0];
        },
        5_000,
        "the typing delivery to be dropped",
      );
      assert.equal(dropped.attempt_count, 0);
      assert.equal(dropped.last_error, "stale typing event");
      assert.equal(
        receiver.matching((hook) => hook.path === `/${session.uid}/typing`).length,
        0,
        "never delivered late",
      );
      receiver.answerWith(() => ({ status: 204 }));
    });
  });
}
