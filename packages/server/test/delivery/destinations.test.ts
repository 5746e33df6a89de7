import assert from "node:assert/strict";
import type { LookupAddress } from "node:dns";
import { after, before, describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import {
  activeChannel,
  businessWithApp,
  DIALECTS,
  directory,
  eventually,
  registerApp,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";
import type { LookupFunction } from "../../src/webhooks/safe-destination.js";

/** A resolver that says `hooks.example.com` lives at 127.0.0.1, as a rebinding attacker's DNS would. */
const rebindingLookup = ((
  hostname: string,
  _options: unknown,
  callback: (error: Error | null, addresses: LookupAddress[]) => void,
) => {
  if (hostname === "hooks.example.com") return callback(null, [{ address: "127.0.0.1", family: 4 }]);
  return callback(new Error(`unexpected lookup of ${hostname}`), []);
}) as unknown as LookupFunction;

/** SPEC §6 "safe destinations": private addresses are refused at connect time unless the operator allows them. */
for (const dialect of DIALECTS) {
  describe(`webhook destinations on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();

    before(async () => {
      await receiver.start();
      server = await startServer({
        dialect,
        env: { TANDEM_ALLOW_PRIVATE_WEBHOOKS: "false" },
        webhookLookup: rebindingLookup,
      });
    });
    after(async () => {
      await server?.close();
      await receiver.close();
    });

    const failedAttempts = async (appId: string) => {
      const list = await directory(server).get(`/platform/v1/apps/${appId}/deliveries?status=failed`);
      const [delivery] = list.body.data.deliveries as JsonObject[];
      if (!delivery) return null;
      const detail = await directory(server).get(`/platform/v1/deliveries/${delivery.uid}`);
      return detail.body.data.delivery.attempts as JsonObject[];
    };

    it("refuses a public-looking hostname that resolves to a loopback address", async () => {
      const port = new URL(receiver.baseUrl).port;
      const { app } = await registerApp(server, receiver, {
        api_uri: `http://hooks.example.com:${port}/app`,
      });
      const { business, appApi: api } = await businessWithApp(server, app);
      const created = await api.post("/business/communication/channels", {
        business_uid: business.business.uid,
        type: "transactional",
      });
      assert.equal(created.status, 201);
      const attempts = await eventually(() => failedAttempts(app.app_id), 10_000, "the delivery to fail");
      assert.ok(attempts.length > 0);
      for (const attempt of attempts) {
        assert.equal(attempt.status_code, null);
        assert.match(attempt.error, /private address \(127\.0\.0\.1\)/);
      }
      assert.equal(receiver.received.length, 0, "nothing reached the receiver");
    });

    it("refuses a literal private address too", async () => {
      const { app } = await registerApp(server, receiver);
      const { business, appApi: api } = await businessWithApp(server, app);
      await api.post("/business/communication/channels", {
        business_uid: business.business.uid,
        type: "transactional",
      });
      const attempts = await eventually(() => failedAttempts(app.app_id), 10_000, "the delivery to fail");
      assert.match(attempts[0]?.error, /127\.0\.0\.1 is a private address/);
      assert.equal(receiver.received.length, 0);
    });
  });

  describe(`webhook destinations allowed on ${dialect}`, () => {
    it("delivers to a private address when the operator allows private networks", async () => {
      const receiver = new WebhookReceiver();
      await receiver.start();
      const server = await startServer({ dialect, env: { TANDEM_ALLOW_PRIVATE_WEBHOOKS: "true" } });
      try {
        const { app } = await registerApp(server, receiver);
        const { business, appApi: api } = await businessWithApp(server, app);
        await activeChannel(api, receiver, business.business.uid);
      } finally {
        await server.close();
        await receiver.close();
      }
    });
  });
}
