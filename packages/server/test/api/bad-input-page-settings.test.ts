import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Answer, JsonObject } from "@tandem/test-support";
import {
  activeChannel,
  DIALECTS,
  expectRefused,
  failedStaffMessage,
  refusalTests,
  serverWithWorld,
  settle,
  unique,
} from "@tandem/test-support";
import type { ErrorCode } from "../../src/errors.js";

/** The page's settings (channels, the delivery log): admins only for changes, one business only. */
for (const dialect of DIALECTS) {
  describe(`bad input on the page's settings, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const refuses = refusalTests(server);
    const admin = () => world().home.adminPage;
    const member = () => world().home.memberPage;
    let spareChannel: JsonObject;
    let failedDelivery: string;

    before(async () => {
      const { home } = world();
      spareChannel = await activeChannel(home.appApi, home.receiver, home.businessUid, unique("Spare "));
      failedDelivery = (await failedStaffMessage(server(), home)).deliveryUid;
    });

    describe("PUT /api/channels/{uid}", () => {
      const cases: Array<readonly [string, JsonObject, ErrorCode, string]> = [
        ["without status", {}, "missing_field", "status"],
        ["an unknown status", { status: "paused" }, "invalid", "status"],
        ["blocked, which only the operator sets", { status: "blocked" }, "invalid", "status"],
        ["a number for status", { status: 0 }, "invalid", "status"],
      ];
      for (const [title, body, code, field] of cases) {
        refuses(title, () => admin().put(`/api/channels/${spareChannel.uid}`, body), {
          status: 422,
          code,
          field,
        });
      }
      it("is for admins: a staff member gets 403 and changes nothing, an admin may", async () => {
        await expectRefused(
          server(),
          () => member().put(`/api/channels/${spareChannel.uid}`, { status: "inactive" }),
          {
            status: 403,
            code: "forbidden",
          },
        );
        const changed = await admin().put(`/api/channels/${spareChannel.uid}`, { status: "inactive" });
        assert.equal(changed.status, 200, JSON.stringify(changed.body));
        assert.equal(changed.body.data.channel.status, "inactive");
        await settle(server());
      });
      it("answers another tenant's channel exactly like an unknown uid", async () => {
        const change = (uid: string) => admin().put(`/api/channels/${uid}`, { status: "deleted" });
        const unknown = await expectRefused(server(), () => change("no-such-channel"), {
          status: 404,
          code: "not_found",
          field: "uid",
        });
        for (const tenant of [world().rival, world().sibling]) {
          const answer = await expectRefused(server(), () => change(tenant.channel.uid), {
            status: 404,
            code: "not_found",
            field: "uid",
          });
          assert.deepEqual(answer.body, unknown.body);
        }
      });
    });

    describe("the delivery log", () => {
      for (const [query, field] of [
        ["status=lost", "status"],
        ["per_page=0", "per_page"],
        ["page=1e20", "page"],
      ] as const) {
        refuses(`?${query}`, () => admin().get(`/api/deliveries?${query}`), {
          status: 422,
          code: "invalid",
          field,
        });
      }
      const reaches: Array<[string, (uid: string) => Promise<Answer>]> = [
        ["GET", (uid) => admin().get(`/api/deliveries/${uid}`)],
        ["POST retry", (uid) => admin().post(`/api/deliveries/${uid}/retry`)],
      ];
      for (const [what, send] of reaches) {
        it(`${what}: answers another tenant's delivery exactly like an unknown uid`, async () => {
          const unknown = await expectRefused(server(), () => send("no-such-delivery"), {
            status: 404,
            code: "not_found",
            field: "uid",
          });
          const answer = await expectRefused(server(), () => send(world().rival.deliveryUid), {
            status: 404,
            code: "not_found",
            field: "uid",
          });
          assert.deepEqual(answer.body, unknown.body);
        });
      }
      refuses(
        "a retry of a delivery that succeeded",
        () => admin().post(`/api/deliveries/${world().home.deliveryUid}/retry`),
        {
          status: 409,
          code: "conflict",
          field: "uid",
        },
      );
      it("retries are for admins: a staff member gets 403 and changes nothing, an admin may", async () => {
        await expectRefused(server(), () => member().post(`/api/deliveries/${failedDelivery}/retry`), {
          status: 403,
          code: "forbidden",
        });
        const retried = await admin().post(`/api/deliveries/${failedDelivery}/retry`);
        assert.equal(retried.status, 200, JSON.stringify(retried.body));
        assert.equal(retried.body.data.delivery.status, "pending");
        await settle(server());
      });
    });
  });
}
