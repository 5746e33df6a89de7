import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Answer, JsonObject } from "@tandem/test-support";
import { DIALECTS, expectRefused, refusalTests, serverWithWorld, settle } from "@tandem/test-support";
import type { ErrorCode } from "../../src/errors.js";

type BodyCase = readonly [title: string, body: JsonObject, code: ErrorCode, field: string];

/** Metadata of `bytes` bytes as UTF-8 JSON, in three-byte characters so characters and bytes differ. */
const metadataOf = (bytes: number) => {
  const overhead = JSON.stringify({ note: "" }).length;
  const euros = Math.floor((bytes - overhead) / 3);
  return { note: "€".repeat(euros) + "x".repeat(bytes - overhead - euros * 3) };
};

/** The communication API's channels, fed bad input and other tenants' uids. */
for (const dialect of DIALECTS) {
  describe(`bad input on communication channels, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const refuses = refusalTests(server);
    const app = () => world().home.appApi;
    const channelPath = (uid: string) => `/business/communication/channels/${uid}`;
    const homeChannel = () => channelPath(world().home.channel.uid);

    describe("POST /business/communication/channels", () => {
      const channel = (fields: JsonObject = {}) => ({
        business_uid: world().home.businessUid,
        type: "transactional",
        ...fields,
      });
      const cases: BodyCase[] = [
        ["without type", { type: undefined }, "missing_field", "type"],
        ["an unknown type", { type: "urgent" }, "invalid", "type"],
        ["a number for type", { type: 1 }, "invalid", "type"],
        ["a display_name over 100 characters", { display_name: "d".repeat(101) }, "too_long", "display_name"],
        ["a number for display_name", { display_name: 5 }, "invalid", "display_name"],
        ["an array for metadata", { metadata: [1, 2] }, "invalid", "metadata"],
        ["a string for metadata", { metadata: "{}" }, "invalid", "metadata"],
        ["null for metadata", { metadata: null }, "invalid", "metadata"],
        [
          "metadata over 4,096 bytes (fewer characters)",
          { metadata: metadataOf(4097) },
          "too_long",
          "metadata",
        ],
        [
          "metadata nested 40 levels deep",
          { metadata: { deep: JSON.parse(`${"[".repeat(40)}${"]".repeat(40)}`) } },
          "invalid",
          "metadata",
        ],
        ["a NUL character in display_name", { display_name: "Whats\u0000App" }, "invalid", "display_name"],
        ["a business_uid over 255 characters", { business_uid: "b".repeat(256) }, "too_long", "business_uid"],
      ];
      for (const [title, fields, code, field] of cases) {
        refuses(title, () => app().post("/business/communication/channels", channel(fields)), {
          status: 422,
          code,
          field,
        });
      }
      refuses(
        "metadata nested far beyond what a stack can take",
        () =>
          app().post(
            "/business/communication/channels",
            `{"type":"transactional","metadata":{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`,
          ),
        { status: 422, code: "invalid", field: "metadata" },
      );
      refuses(
        "a business of another tenant",
        () =>
          app().post(
            "/business/communication/channels",
            channel({ business_uid: world().rival.businessUid }),
          ),
        {
          status: 404,
          code: "not_found",
          field: "business_uid",
        },
      );
      refuses(
        "another business that has the same app",
        () =>
          app().post(
            "/business/communication/channels",
            channel({ business_uid: world().sibling.businessUid }),
          ),
        { status: 404, code: "not_found", field: "business_uid" },
      );
      refuses(
        "an app-level token naming no business",
        () => world().serviceApi.post("/business/communication/channels", { type: "transactional" }),
        { status: 422, code: "missing_field", field: "business_uid" },
      );
      refuses(
        "an app-level token naming a business without the app",
        () =>
          world().serviceApi.post(
            "/business/communication/channels",
            channel({ business_uid: world().rival.businessUid }),
          ),
        { status: 404, code: "not_found", field: "business_uid" },
      );

      it("takes metadata of exactly 4,096 bytes, and ignores unknown fields", async () => {
        const created = await app().post(
          "/business/communication/channels",
          channel({ metadata: metadataOf(4096), colour: "red" }),
        );
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.equal(Buffer.byteLength(JSON.stringify(created.body.data.channel.metadata)), 4096);
        assert.equal(created.body.data.channel.colour, undefined);
        await settle(server());
      });
    });

    describe("GET /business/communication/channels", () => {
      refuses(
        "an unknown status filter",
        () => app().get("/business/communication/channels?status=sleeping"),
        {
          status: 422,
          code: "invalid",
          field: "status",
        },
      );
      refuses(
        "a business_uid over 255 characters",
        () => app().get(`/business/communication/channels?business_uid=${"b".repeat(256)}`),
        {
          status: 422,
          code: "too_long",
          field: "business_uid",
        },
      );
      for (const [title, caller, query, headers] of [
        ["another tenant's business, by an app token", "home", "rival", {}],
        ["another business of the same app, by a business-bound token", "home", "sibling", {}],
        ["a business without the app, by an app-level token", "service", "rival", {}],
        ["a business without the app, by x-on-behalf-of", "service", null, { "x-on-behalf-of": "rival" }],
        [
          "another business, by x-on-behalf-of on a bound token",
          "home",
          null,
          { "x-on-behalf-of": "sibling" },
        ],
      ] as const) {
        refuses(
          `lists nothing out of reach: ${title} is 404`,
          () => {
            const named = world();
            const api = caller === "home" ? named.home.appApi : named.serviceApi;
            const header = Object.fromEntries(
              Object.entries(headers).map(([name, tenant]) => [name, named[tenant].businessUid]),
            );
            const filter = query ? `?business_uid=${named[query].businessUid}` : "";
            return api.get(`/business/communication/channels${filter}`, undefined, { headers: header });
          },
          { status: 404, code: "not_found", field: "business_uid" },
        );
      }
      it("lists the channels of a business in reach", async () => {
        const { home, sibling, serviceApi } = world();
        const listed = await serviceApi.get("/business/communication/channels", undefined, {
          headers: { "x-on-behalf-of": sibling.businessUid },
        });
        assert.equal(listed.status, 200, JSON.stringify(listed.body));
        const uids = listed.body.data.channels.map((channel: JsonObject) => channel.uid);
        assert.ok(uids.includes(sibling.channel.uid));
        assert.ok(!uids.includes(home.channel.uid));
      });
    });

    describe("PUT /business/communication/channels/{uid}", () => {
      const cases: BodyCase[] = [
        ["a status apps do not set", { status: "blocked" }, "invalid", "status"],
        ["pending as a status", { status: "pending" }, "invalid", "status"],
        ["a boolean for status", { status: true }, "invalid", "status"],
        ["a display_name over 100 characters", { display_name: "d".repeat(101) }, "too_long", "display_name"],
        ["an array for metadata", { metadata: [] }, "invalid", "metadata"],
        ["an empty app_uid", { app_uid: "" }, "missing_field", "app_uid"],
        [
          "a rename with metadata over 4,096 bytes",
          { display_name: "Half", metadata: metadataOf(5000) },
          "too_long",
          "metadata",
        ],
      ];
      for (const [title, body, code, field] of cases) {
        refuses(title, () => app().put(homeChannel(), body), { status: 422, code, field });
      }
      refuses(
        "a rename with a move to an app that is not installed",
        () => app().put(homeChannel(), { display_name: "Half", app_uid: world().rival.app.app_code_name }),
        {
          status: 422,
          code: "invalid",
          field: "app_uid",
        },
      );
      refuses("a move to an unknown app", () => app().put(homeChannel(), { app_uid: "NoSuchApp" }), {
        status: 404,
        code: "not_found",
        field: "app_uid",
      });
    });

    describe("another tenant's channels", () => {
      const reaches: Array<[string, (uid: string) => Promise<Answer>]> = [
        ["GET", (uid) => app().get(channelPath(uid))],
        ["PUT", (uid) => app().put(channelPath(uid), { display_name: "Mine now" })],
        ["PUT a status", (uid) => app().put(channelPath(uid), { status: "inactive" })],
        ["DELETE", (uid) => app().delete(channelPath(uid))],
        ["GET with an app-level token", (uid) => world().serviceApi.get(channelPath(uid))],
        ["DELETE with an app-level token", (uid) => world().serviceApi.delete(channelPath(uid))],
      ];
      for (const [what, send] of reaches) {
        it(`${what}: answers another tenant's channel exactly like an unknown uid`, async () => {
          const unknown = await expectRefused(server(), () => send("no-such-channel"), {
            status: 404,
            code: "not_found",
            field: "uid",
          });
          const foreign = what.includes("app-level") ? [world().rival] : [world().rival, world().sibling];
          for (const tenant of foreign) {
            const answer = await expectRefused(server(), () => send(tenant.channel.uid), {
              status: 404,
              code: "not_found",
              field: "uid",
            });
            assert.deepEqual(answer.body, unknown.body);
          }
        });
      }
    });
  });
}
