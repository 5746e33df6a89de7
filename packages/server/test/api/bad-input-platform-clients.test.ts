import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  type Answer,
  appToken,
  type Client,
  client,
  DIALECTS,
  directory,
  expectRefused,
  install,
  type JsonObject,
  refusalTests,
  serverWithWorld,
  unique,
} from "@tandem/test-support";
import type { ErrorCode } from "../../src/errors.js";

type BodyCase = readonly [title: string, body: JsonObject, code: ErrorCode, field: string];

/** Clients and matters: bad input, and every reach into another tenant's clients. */
for (const dialect of DIALECTS) {
  describe(`bad input on the platform's clients and matters, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const refuses = refusalTests(server);
    const dir = () => directory(server());
    const homeApp = () => world().home.appApi;
    const homeUid = () => world().home.businessUid;
    const matters = (clientUid: string) => `/business/clients/v1/contacts/${clientUid}/matters`;
    let unscopedApp: Client;

    before(async () => {
      // An app that may talk, but not manage the business's clients.
      const created = await dir().post("/platform/v1/apps", {
        name: unique("Talk Only "),
        app_type: ["communication"],
        redirect_uri: "https://app.example/callback",
        api_uri: world().home.receiver.baseUrl,
        scopes: ["openid", "business/communication"],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      await install(server(), homeUid(), created.body.data.app.app_code_name);
      unscopedApp = client(server().url, await appToken(server(), created.body.data.app.app_id, homeUid()));
    });

    describe("POST /platform/v1/clients", () => {
      const person = (fields: JsonObject = {}) => ({
        business_uid: homeUid(),
        first_name: "Carla",
        ...fields,
      });
      const cases: BodyCase[] = [
        ["without first_name", { first_name: undefined }, "missing_field", "first_name"],
        ["an empty first_name", { first_name: "" }, "missing_field", "first_name"],
        ["a first_name over 255 characters", { first_name: "f".repeat(256) }, "too_long", "first_name"],
        ["a number for first_name", { first_name: 12 }, "invalid", "first_name"],
        ["a last_name over 255 characters", { last_name: "l".repeat(256) }, "too_long", "last_name"],
        ["an array for last_name", { last_name: ["Client"] }, "invalid", "last_name"],
        ["an email that is no address", { email: "carla-at-example" }, "invalid", "email"],
        ["an email over 320 characters", { email: `${"c".repeat(320)}@example.com` }, "too_long", "email"],
        ["a phone without digits", { phone: "call me" }, "invalid", "phone"],
        ["a phone over 64 characters", { phone: "1".repeat(65) }, "too_long", "phone"],
        ["a NUL character in the name", { first_name: "Car\u0000la" }, "invalid", "first_name"],
      ];
      for (const [title, fields, code, field] of cases) {
        refuses(title, () => dir().post("/platform/v1/clients", person(fields)), {
          status: 422,
          code,
          field,
        });
      }
      refuses(
        "from the directory, without a business",
        () => dir().post("/platform/v1/clients", { first_name: "Carla" }),
        {
          status: 422,
          code: "missing_field",
          field: "x-on-behalf-of",
        },
      );
      refuses(
        "in an unknown business",
        () => dir().post("/platform/v1/clients", person({ business_uid: "nope" })),
        {
          status: 404,
          code: "not_found",
          field: "business_uid",
        },
      );
      refuses(
        "from an app, in another tenant's business",
        () => homeApp().post("/platform/v1/clients", person({ business_uid: world().rival.businessUid })),
        { status: 404, code: "not_found", field: "business_uid" },
      );
      refuses(
        "from an app, in another business that has the same app",
        () => homeApp().post("/platform/v1/clients", person({ business_uid: world().sibling.businessUid })),
        { status: 404, code: "not_found", field: "business_uid" },
      );
      refuses(
        "from an app, on behalf of another tenant by header",
        () =>
          homeApp().post(
            "/platform/v1/clients",
            { first_name: "Carla" },
            {
              headers: { "x-on-behalf-of": world().rival.businessUid },
            },
          ),
        { status: 404, code: "not_found", field: "business_uid" },
      );
      refuses(
        "from an app-level token, in a business without the app",
        () =>
          world().serviceApi.post(
            "/platform/v1/clients",
            person({ business_uid: world().rival.businessUid }),
          ),
        { status: 404, code: "not_found", field: "business_uid" },
      );
      refuses(
        "from an app-level token, naming no business",
        () => world().serviceApi.post("/platform/v1/clients", { first_name: "Carla" }),
        { status: 422, code: "missing_field", field: "business_uid" },
      );
      refuses(
        "from an app without the business/clients scope",
        () => unscopedApp.post("/platform/v1/clients", person()),
        {
          status: 403,
          code: "forbidden",
        },
      );
    });

    describe("GET /platform/v1/clients", () => {
      refuses(
        "a search_term over 255 characters",
        () => dir().get(`/platform/v1/clients?business_uid=${homeUid()}&search_term=${"s".repeat(256)}`),
        {
          status: 422,
          code: "too_long",
          field: "search_term",
        },
      );
      refuses("?per_page=0", () => dir().get(`/platform/v1/clients?business_uid=${homeUid()}&per_page=0`), {
        status: 422,
        code: "invalid",
        field: "per_page",
      });
      refuses("an unknown business", () => dir().get("/platform/v1/clients?business_uid=nope"), {
        status: 404,
        code: "not_found",
        field: "business_uid",
      });
      refuses(
        "another tenant's clients, from an app",
        () => homeApp().get(`/platform/v1/clients?business_uid=${world().rival.businessUid}`),
        {
          status: 404,
          code: "not_found",
          field: "business_uid",
        },
      );
      refuses(
        "from an app without the business/clients scope",
        () => unscopedApp.get("/platform/v1/clients"),
        {
          status: 403,
          code: "forbidden",
        },
      );
    });

    describe("one client, and its matters", () => {
      refuses(
        "an unknown client, from the directory",
        () => dir().get("/platform/v1/clients/no-such-client"),
        {
          status: 404,
          code: "not_found",
          field: "client_uid",
        },
      );
      refuses(
        "a client outside the business named in the query",
        () => dir().get(`/platform/v1/clients/${world().rival.client.uid}?business_uid=${homeUid()}`),
        {
          status: 404,
          code: "not_found",
          field: "client_uid",
        },
      );
      refuses("a matter without display_name", () => dir().post(matters(world().home.client.uid), {}), {
        status: 422,
        code: "missing_field",
        field: "display_name",
      });
      refuses(
        "a matter with an empty display_name",
        () => dir().post(matters(world().home.client.uid), { display_name: "" }),
        {
          status: 422,
          code: "missing_field",
          field: "display_name",
        },
      );
      refuses(
        "a matter display_name over 255",
        () => dir().post(matters(world().home.client.uid), { display_name: "m".repeat(256) }),
        {
          status: 422,
          code: "too_long",
          field: "display_name",
        },
      );
      refuses(
        "a number for the matter's display_name",
        () => dir().post(matters(world().home.client.uid), { display_name: 3 }),
        {
          status: 422,
          code: "invalid",
          field: "display_name",
        },
      );
      refuses(
        "a matter for an unknown client",
        () => dir().post(matters("no-such-client"), { display_name: "Case" }),
        {
          status: 404,
          code: "not_found",
          field: "client_uid",
        },
      );
      refuses("the matters of an unknown client", () => dir().get(matters("no-such-client")), {
        status: 404,
        code: "not_found",
        field: "client_uid",
      });
      refuses(
        "a matter from an app without the business/clients scope",
        () => unscopedApp.post(matters(world().home.client.uid), { display_name: "Case" }),
        {
          status: 403,
          code: "forbidden",
        },
      );

      const reaches: Array<[string, (clientUid: string) => Promise<Answer>]> = [
        ["GET /platform/v1/clients/{uid}", (uid) => homeApp().get(`/platform/v1/clients/${uid}`)],
        ["GET the matters", (uid) => homeApp().get(matters(uid))],
        ["POST a matter", (uid) => homeApp().post(matters(uid), { display_name: "Probe" })],
        [
          "GET /platform/v1/clients/{uid} with an app-level token",
          (uid) => world().serviceApi.get(`/platform/v1/clients/${uid}`),
        ],
      ];
      for (const [what, send] of reaches) {
        it(`${what}: another tenant's client answers exactly like an unknown uid`, async () => {
          const unknown = await expectRefused(server(), () => send("no-such-client"), {
            status: 404,
            code: "not_found",
            field: "client_uid",
          });
          for (const foreign of [world().rival.client.uid, world().rival.matter.uid]) {
            const answer = await expectRefused(server(), () => send(foreign), {
              status: 404,
              code: "not_found",
              field: "client_uid",
            });
            assert.deepEqual(answer.body, unknown.body, "nothing tells a foreign uid from an unknown one");
          }
        });
      }
      it("a business-bound app token cannot reach the same app's other businesses", async () => {
        await expectRefused(
          server(),
          () => homeApp().get(`/platform/v1/clients/${world().sibling.client.uid}`),
          {
            status: 404,
            code: "not_found",
            field: "client_uid",
          },
        );
      });
    });
  });
}
