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

/** SPEC §6: an app failing without a single success for long enough is unreachable; one success clears it. */
for (const dialect of DIALECTS) {
  describe(`app health on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();

    before(async () => {
      await receiver.start();
      server = await startServer({
        dialect,
        env: {
          TANDEM_APP_UNREACHABLE_AFTER_S: "1",
          TANDEM_WEBHOOK_RETRY_SCHEDULE: Array(40).fill("0.2").join(","),
        },
      });
    });
    after(async () => {
      await server?.close();
      await receiver.close();
    });

    it("marks a failing app unreachable, shows it in the dropdown, and clears it on the first success", async () => {
      const { app, staff, channel, client: person } = await readyConversation(server, { receiver });
      const reason = async () => {
        const dropdown = await staff.get(`/api/conversations/${person.uid}/channels`);
        return dropdown.body.data.channels.find((entry: JsonObject) => entry.channel_uid === channel.uid);
      };
      assert.equal((await reason()).available, true);

      receiver.answerWith(() => ({ status: 503 }));
      const sent = await staff.post(`/api/conversations/${person.uid}/messages`, {
        channel_uid: channel.uid,
        message: "anyone there?",
      });
      assert.equal(sent.status, 201);
      const entry = await eventually(
        async () => {
          const current = await reason();
          return current.reason === "app_unreachable" ? current : null;
        },
        10_000,
        "the app to be marked unreachable",
      );
      assert.equal(entry.available, false);
      assert.equal(
        (await directory(server).get(`/platform/v1/apps/${app.app_id}`)).body.data.app.unreachable,
        true,
      );
      const refused = await staff.post(`/api/conversations/${person.uid}/messages`, {
        channel_uid: channel.uid,
        message: "again?",
      });
      assert.equal(refused.status, 422);
      assert.match(refused.body.errors[0].message, /app_unreachable/);

      receiver.answerWith(() => ({ status: 204 }));
      await eventually(
        async () => (await reason()).available === true,
        10_000,
        "the first success to clear it",
      );
      assert.equal(
        (await directory(server).get(`/platform/v1/apps/${app.app_id}`)).body.data.app.unreachable,
        false,
      );
    });
  });
}
