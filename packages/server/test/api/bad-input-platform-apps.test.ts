import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import {
  DIALECTS,
  directory,
  expectRefused,
  refusalTests,
  serverWithWorld,
  unique,
} from "@tandem/test-support";

/** Apps, their secrets, their delivery log and the directory's channel switch, fed bad input. */
for (const dialect of DIALECTS) {
  describe(`bad input on the platform's apps, deliveries and channels, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const refuses = refusalTests(server);
    const dir = () => directory(server());
    const newApp = (fields: JsonObject = {}) => ({
      name: "Bad Input App",
      app_type: ["communication"],
      redirect_uri: "https://app.example/callback",
      api_uri: "https://app.example/api",
      ...fields,
    });
    const withoutField = (field: string) => {
      const body: JsonObject = newApp();
      delete body[field];
      return body;
    };
    const appPath = () => `/platform/v1/apps/${world().home.app.app_id}`;

    describe("POST /platform/v1/apps", () => {
      for (const field of ["name", "app_type", "redirect_uri"]) {
        refuses(`without ${field}`, () => dir().post("/platform/v1/apps", withoutField(field)), {
          status: 422,
          code: "missing_field",
          field,
        });
      }
      refuses(
        "a communication app without api_uri",
        () => dir().post("/platform/v1/apps", withoutField("api_uri")),
        { status: 422, code: "missing_field", field: "api_uri" },
      );
      refuses("an empty name", () => dir().post("/platform/v1/apps", newApp({ name: "" })), {
        status: 422,
        code: "missing_field",
        field: "name",
      });
      refuses(
        "a name over 255 characters",
        () => dir().post("/platform/v1/apps", newApp({ name: "n".repeat(256) })),
        {
          status: 422,
          code: "too_long",
          field: "name",
        },
      );
      refuses("a number for the name", () => dir().post("/platform/v1/apps", newApp({ name: 42 })), {
        status: 422,
        code: "invalid",
        field: "name",
      });
      refuses(
        "a NUL character in the name",
        () => dir().post("/platform/v1/apps", newApp({ name: "Bad\u0000App" })),
        {
          status: 422,
          code: "invalid",
          field: "name",
        },
      );
      refuses("an empty app_type", () => dir().post("/platform/v1/apps", newApp({ app_type: [] })), {
        status: 422,
        code: "invalid",
        field: "app_type",
      });
      refuses(
        "a string for app_type",
        () => dir().post("/platform/v1/apps", newApp({ app_type: "communication" })),
        {
          status: 422,
          code: "invalid",
          field: "app_type",
        },
      );
      refuses(
        "eleven app types",
        () =>
          dir().post(
            "/platform/v1/apps",
            newApp({ app_type: Array.from({ length: 11 }, (_, i) => `t${i}`) }),
          ),
        { status: 422, code: "too_long", field: "app_type" },
      );
      for (const url of [
        "not a url",
        "ftp://app.example/cb",
        "http://",
        "https://exa mple.com/cb",
        "javascript:alert(1)",
      ]) {
        refuses(
          `redirect_uri ${JSON.stringify(url)}`,
          () => dir().post("/platform/v1/apps", newApp({ redirect_uri: url })),
          {
            status: 422,
            code: "invalid",
            field: "redirect_uri",
          },
        );
      }
      refuses(
        "api_uri without a host",
        () => dir().post("/platform/v1/apps", newApp({ api_uri: "https://" })),
        {
          status: 422,
          code: "invalid",
          field: "api_uri",
        },
      );
      refuses(
        "a redirect_uri over 2,048 characters",
        () =>
          dir().post(
            "/platform/v1/apps",
            newApp({ redirect_uri: `https://app.example/${"p".repeat(2048)}` }),
          ),
        { status: 422, code: "too_long", field: "redirect_uri" },
      );
      refuses("a string for trusted", () => dir().post("/platform/v1/apps", newApp({ trusted: "yes" })), {
        status: 422,
        code: "invalid",
        field: "trusted",
      });
      refuses(
        "a number for open_channel",
        () => dir().post("/platform/v1/apps", newApp({ open_channel: 1 })),
        {
          status: 422,
          code: "invalid",
          field: "open_channel",
        },
      );
      refuses("a string for scopes", () => dir().post("/platform/v1/apps", newApp({ scopes: "openid" })), {
        status: 422,
        code: "invalid",
        field: "scopes",
      });
      refuses(
        "an object for url_params",
        () => dir().post("/platform/v1/apps", newApp({ url_params: { a: 1 } })),
        {
          status: 422,
          code: "invalid",
          field: "url_params",
        },
      );
      refuses(
        "an app_code_name with spaces",
        () => dir().post("/platform/v1/apps", newApp({ app_code_name: "has space" })),
        { status: 422, code: "invalid", field: "app_code_name" },
      );
      refuses(
        "an app_code_name over 64 characters",
        () => dir().post("/platform/v1/apps", newApp({ app_code_name: "a".repeat(65) })),
        { status: 422, code: "too_long", field: "app_code_name" },
      );
      refuses(
        "an app_code_name that is taken",
        () => dir().post("/platform/v1/apps", newApp({ app_code_name: world().home.app.app_code_name })),
        { status: 422, code: "already_exists", field: "app_code_name" },
      );
      refuses("an array for the body", () => dir().post("/platform/v1/apps", [newApp()]), {
        status: 422,
        code: "invalid",
        field: "body",
      });

      it("lists every problem of a body at once, each naming its field", async () => {
        const answer = await expectRefused(
          server(),
          () =>
            dir().post("/platform/v1/apps", {
              app_type: "communication",
              redirect_uri: "nope",
              trusted: "no",
            }),
          { status: 422, code: "missing_field", field: "name" },
        );
        const fields = answer.body.errors.map((error: JsonObject) => error.field).sort();
        assert.deepEqual(fields, ["app_type", "name", "redirect_uri", "trusted"]);
      });

      it("says which values an enum allows", async () => {
        const answer = await expectRefused(
          server(),
          () => dir().post(`${appPath()}/secrets/rotate`, { type: "password" }),
          { status: 422, code: "invalid", field: "type" },
        );
        assert.match(answer.body.errors[0].message, /client, webhook/);
      });

      it("ignores unknown fields", async () => {
        const created = await dir().post(
          "/platform/v1/apps",
          newApp({ name: unique("Extra "), colour: "teal", id: "mine" }),
        );
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.equal(created.body.data.app.colour, undefined);
        assert.notEqual(created.body.data.app.app_id, "mine");
      });
    });

    describe("GET /platform/v1/apps", () => {
      for (const [query, field] of [
        ["page=0", "page"],
        ["page=abc", "page"],
        ["page=1.5", "page"],
        ["page=1e20", "page"],
        ["per_page=0", "per_page"],
        ["per_page=101", "per_page"],
      ] as const) {
        refuses(`?${query}`, () => dir().get(`/platform/v1/apps?${query}`), {
          status: 422,
          code: "invalid",
          field,
        });
      }
    });

    describe("GET, PUT and DELETE /platform/v1/apps/{app_id}", () => {
      refuses("an unknown app", () => dir().get("/platform/v1/apps/no-such-app"), {
        status: 404,
        code: "not_found",
        field: "app_id",
      });
      refuses("an app_id over 255 characters", () => dir().get(`/platform/v1/apps/${"a".repeat(256)}`), {
        status: 422,
        code: "too_long",
        field: "app_id",
      });
      refuses("an app_id holding a NUL character", () => dir().get("/platform/v1/apps/abc%00def"), {
        status: 422,
        code: "invalid",
        field: "app_id",
      });
      refuses("a change to an unknown app", () => dir().put("/platform/v1/apps/no-such-app", { name: "X" }), {
        status: 404,
        code: "not_found",
        field: "app_id",
      });
      refuses(
        "a rename together with removing a communication app's api_uri",
        () => dir().put(appPath(), { name: "Half Written", api_uri: null }),
        { status: 422, code: "missing_field", field: "api_uri" },
      );
      refuses(
        "a rename together with a bad redirect_uri",
        () => dir().put(appPath(), { name: "Half", redirect_uri: "nope" }),
        {
          status: 422,
          code: "invalid",
          field: "redirect_uri",
        },
      );
      refuses("a new app_code_name", () => dir().put(appPath(), { app_code_name: "SomethingElse" }), {
        status: 422,
        code: "invalid",
        field: "app_code_name",
      });
      refuses("an empty app_type", () => dir().put(appPath(), { app_type: [] }), {
        status: 422,
        code: "invalid",
        field: "app_type",
      });
      refuses("a string for trusted", () => dir().put(appPath(), { trusted: "true" }), {
        status: 422,
        code: "invalid",
        field: "trusted",
      });
      refuses("deleting an unknown app", () => dir().delete("/platform/v1/apps/no-such-app"), {
        status: 404,
        code: "not_found",
        field: "app_id",
      });
    });

    describe("POST /platform/v1/apps/{app_id}/secrets/rotate", () => {
      refuses("without type", () => dir().post(`${appPath()}/secrets/rotate`, {}), {
        status: 422,
        code: "missing_field",
        field: "type",
      });
      refuses("a boolean for type", () => dir().post(`${appPath()}/secrets/rotate`, { type: true }), {
        status: 422,
        code: "invalid",
        field: "type",
      });
      refuses(
        "an unknown app",
        () => dir().post("/platform/v1/apps/no-such-app/secrets/rotate", { type: "client" }),
        {
          status: 404,
          code: "not_found",
          field: "app_id",
        },
      );
    });

    describe("deliveries of an app", () => {
      refuses("the log of an unknown app", () => dir().get("/platform/v1/apps/no-such-app/deliveries"), {
        status: 404,
        code: "not_found",
        field: "app_id",
      });
      for (const [query, field] of [
        ["status=lost", "status"],
        ["since=yesterday", "since"],
        ["since=2026-02-30", "since"],
        ["since=2026-13-01", "since"],
        ["page=0", "page"],
      ] as const) {
        refuses(`?${query}`, () => dir().get(`${appPath()}/deliveries?${query}`), {
          status: 422,
          code: "invalid",
          field,
        });
      }
      refuses(
        "an event name over 64 characters",
        () => dir().get(`${appPath()}/deliveries?event=${"e".repeat(65)}`),
        {
          status: 422,
          code: "too_long",
          field: "event",
        },
      );
      refuses("a recovery without since", () => dir().post(`${appPath()}/deliveries/recover`, {}), {
        status: 422,
        code: "missing_field",
        field: "since",
      });
      refuses(
        "a recovery since an empty moment",
        () => dir().post(`${appPath()}/deliveries/recover`, { since: "" }),
        {
          status: 422,
          code: "missing_field",
          field: "since",
        },
      );
      refuses(
        "a recovery since no date",
        () => dir().post(`${appPath()}/deliveries/recover`, { since: "last week" }),
        {
          status: 422,
          code: "invalid",
          field: "since",
        },
      );
      refuses(
        "a recovery since a number",
        () => dir().post(`${appPath()}/deliveries/recover`, { since: 1700000000 }),
        {
          status: 422,
          code: "invalid",
          field: "since",
        },
      );
      refuses(
        "a recovery for an unknown app",
        () =>
          dir().post("/platform/v1/apps/no-such-app/deliveries/recover", { since: "2026-01-01 00:00:00" }),
        { status: 404, code: "not_found", field: "app_id" },
      );
      refuses("an unknown delivery", () => dir().get("/platform/v1/deliveries/no-such-delivery"), {
        status: 404,
        code: "not_found",
        field: "uid",
      });
      refuses(
        "a retry of an unknown delivery",
        () => dir().post("/platform/v1/deliveries/no-such-delivery/retry"),
        {
          status: 404,
          code: "not_found",
          field: "uid",
        },
      );
      refuses(
        "a retry of a delivery that succeeded",
        () => dir().post(`/platform/v1/deliveries/${world().home.deliveryUid}/retry`),
        { status: 409, code: "conflict", field: "uid" },
      );
    });

    describe("PUT /platform/v1/channels/{uid}", () => {
      const channelPath = () => `/platform/v1/channels/${world().home.channel.uid}`;
      refuses("without status", () => dir().put(channelPath(), {}), {
        status: 422,
        code: "missing_field",
        field: "status",
      });
      refuses("an unknown status", () => dir().put(channelPath(), { status: "paused" }), {
        status: 422,
        code: "invalid",
        field: "status",
      });
      refuses("a status the directory does not set", () => dir().put(channelPath(), { status: "pending" }), {
        status: 422,
        code: "invalid",
        field: "status",
      });
      refuses(
        "an unknown channel",
        () => dir().put("/platform/v1/channels/no-such-channel", { status: "blocked" }),
        {
          status: 404,
          code: "not_found",
          field: "uid",
        },
      );
    });
  });
}
