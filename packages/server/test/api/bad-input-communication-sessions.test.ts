import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Answer, JsonObject } from "@tandem/test-support";
import {
  createClient,
  DIALECTS,
  expectRefused,
  inactiveChannel,
  refusalTests,
  serverWithWorld,
} from "@tandem/test-support";
import type { ErrorCode } from "../../src/errors.js";

type BodyCase = readonly [title: string, body: JsonObject, code: ErrorCode, field: string];

/** Sessions and typing of the communication API, fed bad input and other tenants' uids. */
for (const dialect of DIALECTS) {
  describe(`bad input on communication sessions and typing, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const refuses = refusalTests(server);
    const app = () => world().home.appApi;
    const sessionPath = (uid: string) => `/business/communication/sessions/${uid}`;
    let pausedChannel: JsonObject;
    let newcomer: JsonObject;

    before(async () => {
      pausedChannel = await inactiveChannel(server(), world().home);
      newcomer = (await createClient(server(), world().home.businessUid)).client;
    });

    describe("POST /business/communication/sessions", () => {
      const session = (fields: JsonObject = {}) => ({
        channel_uid: world().home.channel.uid,
        contact_uid: newcomer.uid,
        external_uid: "newcomer-1",
        ...fields,
      });
      it("names every missing field at once", async () => {
        const answer = await expectRefused(
          server(),
          () => app().post("/business/communication/sessions", {}),
          {
            status: 422,
            code: "missing_field",
            field: "channel_uid",
          },
        );
        const fields = answer.body.errors.map((error: JsonObject) => error.field).sort();
        assert.deepEqual(fields, ["channel_uid", "contact_uid", "external_uid"]);
      });
      const cases: BodyCase[] = [
        ["an empty external_uid", { external_uid: "" }, "missing_field", "external_uid"],
        [
          "an external_uid over 255 characters",
          { external_uid: "e".repeat(256) },
          "too_long",
          "external_uid",
        ],
        ["a number for channel_uid", { channel_uid: 42 }, "invalid", "channel_uid"],
        ["an object for contact_uid", { contact_uid: { uid: "x" } }, "invalid", "contact_uid"],
      ];
      for (const [title, fields, code, field] of cases) {
        refuses(title, () => app().post("/business/communication/sessions", session(fields)), {
          status: 422,
          code,
          field,
        });
      }
      const foreign: Array<[string, () => JsonObject, string]> = [
        ["another tenant's channel", () => ({ channel_uid: world().rival.channel.uid }), "channel_uid"],
        [
          "the same app's channel at another business",
          () => ({ channel_uid: world().sibling.channel.uid }),
          "channel_uid",
        ],
        ["another tenant's client", () => ({ contact_uid: world().rival.client.uid }), "contact_uid"],
        ["another tenant's matter", () => ({ contact_uid: world().rival.matter.uid }), "contact_uid"],
        [
          "a client of the same app's other business",
          () => ({ contact_uid: world().sibling.client.uid }),
          "contact_uid",
        ],
        ["another tenant's business", () => ({ business_uid: world().rival.businessUid }), "business_uid"],
        ["an unknown contact", () => ({ contact_uid: "no-such-contact" }), "contact_uid"],
      ];
      for (const [title, fields, field] of foreign) {
        refuses(title, () => app().post("/business/communication/sessions", session(fields())), {
          status: 404,
          code: "not_found",
          field,
        });
      }
      refuses(
        "an inactive channel",
        () => app().post("/business/communication/sessions", session({ channel_uid: pausedChannel.uid })),
        {
          status: 422,
          code: "invalid",
          field: "channel_uid",
        },
      );
      it("refuses a second external_uid for a client that has a session, naming the session", async () => {
        const { home } = world();
        const answer = await expectRefused(
          server(),
          () =>
            app().post(
              "/business/communication/sessions",
              session({ contact_uid: home.client.uid, external_uid: "other-phone" }),
            ),
          { status: 422, code: "already_exists", field: "contact_uid" },
        );
        assert.equal(answer.body.errors[0].uid, home.session.uid);
      });
      refuses(
        "an external_uid that belongs to another client's session",
        () =>
          app().post(
            "/business/communication/sessions",
            session({ external_uid: world().home.session.external_uid }),
          ),
        { status: 422, code: "already_exists", field: "external_uid" },
      );
    });

    describe("GET /business/communication/sessions", () => {
      for (const field of ["external_uid", "contact_uid", "channel_uid", "business_uid"]) {
        refuses(
          `a ${field} over 255 characters`,
          () => app().get(`/business/communication/sessions?${field}=${"x".repeat(256)}`),
          {
            status: 422,
            code: "too_long",
            field,
          },
        );
      }
      for (const [title, caller, tenant, byHeader] of [
        ["another tenant's business, by an app token", "home", "rival", false],
        ["another business of the same app, by a business-bound token", "home", "sibling", false],
        ["a business without the app, by an app-level token", "service", "rival", false],
        ["a business without the app, by x-on-behalf-of", "service", "rival", true],
        ["another business, by x-on-behalf-of on a bound token", "home", "sibling", true],
      ] as const) {
        refuses(
          `finds nothing out of reach: ${title} is 404`,
          () => {
            const named = world();
            const api = caller === "home" ? named.home.appApi : named.serviceApi;
            const businessUid = named[tenant].businessUid;
            return byHeader
              ? api.get("/business/communication/sessions", undefined, {
                  headers: { "x-on-behalf-of": businessUid },
                })
              : api.get(`/business/communication/sessions?business_uid=${businessUid}`);
          },
          { status: 404, code: "not_found", field: "business_uid" },
        );
      }
      it("finds the sessions of a business in reach, named by x-on-behalf-of", async () => {
        const { home, sibling, serviceApi } = world();
        const found = await serviceApi.get("/business/communication/sessions", undefined, {
          headers: { "x-on-behalf-of": home.businessUid },
        });
        assert.equal(found.status, 200, JSON.stringify(found.body));
        const uids = found.body.data.sessions.map((session: JsonObject) => session.uid);
        assert.ok(uids.includes(home.session.uid));
        assert.ok(!uids.includes(sibling.session.uid), "the header narrows an app-level token's list");
      });
      it("finds nothing by another tenant's channel or contact", async () => {
        const { rival, sibling } = world();
        for (const query of [
          `channel_uid=${rival.channel.uid}`,
          `contact_uid=${rival.client.uid}`,
          `channel_uid=${sibling.channel.uid}`,
        ]) {
          const found = await app().get(`/business/communication/sessions?${query}`);
          assert.equal(found.status, 200);
          assert.deepEqual(found.body.data.sessions, [], query);
        }
      });
    });

    describe("PUT /business/communication/sessions/{uid}", () => {
      const cases: BodyCase[] = [
        ["without status", {}, "missing_field", "status"],
        ["an unknown status", { status: "open" }, "invalid", "status"],
        ["pending as a status", { status: "pending" }, "invalid", "status"],
        ["a boolean for status", { status: false }, "invalid", "status"],
      ];
      for (const [title, body, code, field] of cases) {
        refuses(title, () => app().put(sessionPath(world().home.session.uid), body), {
          status: 422,
          code,
          field,
        });
      }
    });

    describe("another tenant's sessions", () => {
      const reaches: Array<[string, (uid: string) => Promise<Answer>]> = [
        ["GET", (uid) => app().get(sessionPath(uid))],
        ["PUT", (uid) => app().put(sessionPath(uid), { status: "inactive" })],
        ["DELETE", (uid) => app().delete(sessionPath(uid))],
      ];
      for (const [what, send] of reaches) {
        it(`${what}: answers another tenant's session exactly like an unknown uid`, async () => {
          const unknown = await expectRefused(server(), () => send("no-such-session"), {
            status: 404,
            code: "not_found",
            field: "uid",
          });
          for (const tenant of [world().rival, world().sibling]) {
            const answer = await expectRefused(server(), () => send(tenant.session.uid), {
              status: 404,
              code: "not_found",
              field: "uid",
            });
            assert.deepEqual(answer.body, unknown.body);
          }
        });
      }
    });

    for (const path of [
      "/business/communication/v1/sessions/typing",
      "/business/communication/sessions/typing",
    ]) {
      describe(`POST ${path}`, () => {
        const session = () => world().home.session.uid;
        const channel = () => world().home.channel.uid;
        const cases: Array<readonly [string, () => JsonObject, ErrorCode, string]> = [
          ["without typing", () => ({ session_uid: session() }), "missing_field", "typing"],
          ["a string for typing", () => ({ session_uid: session(), typing: "true" }), "invalid", "typing"],
          ["a number for typing", () => ({ session_uid: session(), typing: 1 }), "invalid", "typing"],
          [
            "no session_uid, nor channel_uid and external_uid",
            () => ({ typing: true }),
            "missing_field",
            "session_uid",
          ],
          [
            "a channel_uid without external_uid",
            () => ({ typing: true, channel_uid: channel() }),
            "missing_field",
            "session_uid",
          ],
          [
            "an empty external_uid",
            () => ({ typing: true, channel_uid: channel(), external_uid: "" }),
            "missing_field",
            "external_uid",
          ],
        ];
        for (const [title, body, code, field] of cases) {
          refuses(title, () => app().post(path, body()), { status: 422, code, field });
        }
        const foreign: Array<[string, () => JsonObject, string]> = [
          ["another tenant's session", () => ({ session_uid: world().rival.session.uid }), "session_uid"],
          [
            "the same app's session at another business",
            () => ({ session_uid: world().sibling.session.uid }),
            "session_uid",
          ],
          [
            "another tenant's channel",
            () => ({
              channel_uid: world().rival.channel.uid,
              external_uid: world().rival.session.external_uid,
            }),
            "channel_uid",
          ],
          [
            "an external_uid with no session on the channel",
            () => ({ channel_uid: world().home.channel.uid, external_uid: "nobody" }),
            "external_uid",
          ],
        ];
        for (const [title, fields, field] of foreign) {
          refuses(title, () => app().post(path, { ...fields(), typing: true }), {
            status: 404,
            code: "not_found",
            field,
          });
        }
      });
    }
  });
}
