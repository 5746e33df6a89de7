import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonObject } from "@tandem/test-support";
import { DIALECTS, directory, refusalTests, serverWithWorld, unique } from "@tandem/test-support";
import type { ErrorCode } from "../../src/errors.js";

type BodyCase = readonly [title: string, body: JsonObject, code: ErrorCode, field: string];

/** Businesses, their staff, installations and minted tokens, fed bad input. */
for (const dialect of DIALECTS) {
  describe(`bad input on the platform's businesses, staff, installations and tokens, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const refuses = refusalTests(server);
    const dir = () => directory(server());
    const admin = (fields: JsonObject = {}) => ({
      email: `${unique("owner")}@example.com`,
      display_name: "Olga Owner",
      password: "a long password",
      ...fields,
    });
    const homePath = () => `/platform/v1/businesses/${world().home.businessUid}`;

    describe("POST /platform/v1/businesses", () => {
      const cases: BodyCase[] = [
        ["without name", { admin: admin() }, "missing_field", "name"],
        ["without admin", { name: "Shop" }, "missing_field", "admin"],
        [
          "an admin without email",
          { name: "Shop", admin: { ...admin(), email: undefined } },
          "missing_field",
          "admin.email",
        ],
        [
          "an admin without password",
          { name: "Shop", admin: { ...admin(), password: undefined } },
          "missing_field",
          "admin.password",
        ],
        [
          "an admin email that is no address",
          { name: "Shop", admin: admin({ email: "owner-at-example" }) },
          "invalid",
          "admin.email",
        ],
        [
          "an admin password under 8 characters",
          { name: "Shop", admin: admin({ password: "short" }) },
          "invalid",
          "admin.password",
        ],
        [
          "an admin password over 200 characters",
          { name: "Shop", admin: admin({ password: "p".repeat(201) }) },
          "too_long",
          "admin.password",
        ],
        [
          "an admin display_name over 255",
          { name: "Shop", admin: admin({ display_name: "d".repeat(256) }) },
          "too_long",
          "admin.display_name",
        ],
        ["a name over 255 characters", { name: "n".repeat(256), admin: admin() }, "too_long", "name"],
        ["an empty name", { name: "", admin: admin() }, "missing_field", "name"],
        ["a number for the name", { name: 7, admin: admin() }, "invalid", "name"],
        ["an array for admin", { name: "Shop", admin: [admin()] }, "invalid", "admin"],
        ["a string for admin", { name: "Shop", admin: "owner@example.com" }, "invalid", "admin"],
      ];
      for (const [title, body, code, field] of cases) {
        refuses(title, () => dir().post("/platform/v1/businesses", body), { status: 422, code, field });
      }
      refuses(
        "an admin email another staff member has: no business is left behind",
        () =>
          dir().post("/platform/v1/businesses", {
            name: "Twin",
            admin: admin({ email: world().home.business.adminEmail }),
          }),
        { status: 422, code: "already_exists", field: "admin.email" },
      );
      refuses(
        "the same email in other capitals",
        () =>
          dir().post("/platform/v1/businesses", {
            name: "Twin",
            admin: admin({ email: world().home.business.adminEmail.toUpperCase() }),
          }),
        { status: 422, code: "already_exists", field: "admin.email" },
      );
    });

    describe("GET /platform/v1/businesses and /{uid}", () => {
      for (const query of ["page=0", "page=-1", "page=1e20", "per_page=1000", "per_page=ten"]) {
        const field = query.split("=")[0];
        refuses(`?${query}`, () => dir().get(`/platform/v1/businesses?${query}`), {
          status: 422,
          code: "invalid",
          field,
        });
      }
      refuses("an unknown business", () => dir().get("/platform/v1/businesses/no-such-business"), {
        status: 404,
        code: "not_found",
        field: "business_uid",
      });
    });

    describe("staff of a business", () => {
      const staff = (fields: JsonObject = {}) => ({
        email: `${unique("staff")}@example.com`,
        display_name: "Stan",
        password: "a long password",
        ...fields,
      });
      const cases: BodyCase[] = [
        ["without email", { ...staff(), email: undefined }, "missing_field", "email"],
        ["without display_name", { ...staff(), display_name: undefined }, "missing_field", "display_name"],
        ["an email that is no address", staff({ email: "stan@" }), "invalid", "email"],
        [
          "an email over 320 characters",
          staff({ email: `${"s".repeat(320)}@example.com` }),
          "too_long",
          "email",
        ],
        ["an unknown role", staff({ role: "owner" }), "invalid", "role"],
        ["a boolean for role", staff({ role: true }), "invalid", "role"],
        ["a short password", staff({ password: "1234567" }), "invalid", "password"],
      ];
      for (const [title, body, code, field] of cases) {
        refuses(title, () => dir().post(`${homePath()}/staffs`, body), { status: 422, code, field });
      }
      refuses(
        "an email that is taken",
        () => dir().post(`${homePath()}/staffs`, staff({ email: world().rival.business.adminEmail })),
        { status: 422, code: "already_exists", field: "email" },
      );
      refuses(
        "staff for an unknown business",
        () => dir().post("/platform/v1/businesses/nope/staffs", staff()),
        {
          status: 404,
          code: "not_found",
          field: "business_uid",
        },
      );
      refuses(
        "the staff list of an unknown business",
        () => dir().get("/platform/v1/businesses/nope/staffs"),
        {
          status: 404,
          code: "not_found",
          field: "business_uid",
        },
      );

      it("names the allowed roles", async () => {
        const answer = await dir().post(`${homePath()}/staffs`, staff({ role: "owner" }));
        assert.match(answer.body.errors[0].message, /admin, staff/);
      });
    });

    describe("installations", () => {
      refuses("without app_code_name", () => dir().post(`${homePath()}/apps`, {}), {
        status: 422,
        code: "missing_field",
        field: "app_code_name",
      });
      refuses(
        "an app_code_name over 64 characters",
        () => dir().post(`${homePath()}/apps`, { app_code_name: "a".repeat(65) }),
        {
          status: 422,
          code: "too_long",
          field: "app_code_name",
        },
      );
      refuses("a number for app_code_name", () => dir().post(`${homePath()}/apps`, { app_code_name: 12 }), {
        status: 422,
        code: "invalid",
        field: "app_code_name",
      });
      refuses("an unknown app", () => dir().post(`${homePath()}/apps`, { app_code_name: "NoSuchApp" }), {
        status: 404,
        code: "not_found",
        field: "app_code_name",
      });
      refuses(
        "an unknown business",
        () =>
          dir().post("/platform/v1/businesses/nope/apps", { app_code_name: world().home.app.app_code_name }),
        { status: 404, code: "not_found", field: "business_uid" },
      );
      refuses(
        "the installations of an unknown business",
        () => dir().get("/platform/v1/businesses/nope/apps"),
        {
          status: 404,
          code: "not_found",
          field: "business_uid",
        },
      );
      refuses(
        "uninstalling an app the business does not have",
        () => dir().delete(`${homePath()}/apps/${world().rival.app.app_code_name}`),
        { status: 404, code: "not_found", field: "app_code_name" },
      );
      refuses("uninstalling an unknown app", () => dir().delete(`${homePath()}/apps/NoSuchApp`), {
        status: 404,
        code: "not_found",
        field: "app_code_name",
      });
    });

    describe("POST /platform/v1/tokens", () => {
      const cases: BodyCase[] = [
        ["an empty body", {}, "missing_field", "app_id"],
        ["a business without an app", { business_uid: "b" }, "missing_field", "app_id"],
        ["a number for app_id", { app_id: 5 }, "invalid", "app_id"],
        ["an app_id over 255 characters", { app_id: "a".repeat(256) }, "too_long", "app_id"],
        ["an empty staff_uid", { staff_uid: "" }, "missing_field", "staff_uid"],
      ];
      for (const [title, body, code, field] of cases) {
        refuses(title, () => dir().post("/platform/v1/tokens", body), { status: 422, code, field });
      }
      for (const [title, fields] of [
        ["an app_id and a staff_uid at once", ["app_id"]],
        ["a business_uid and a staff_uid at once", ["business_uid"]],
        ["an app token's fields and a staff_uid at once", ["app_id", "business_uid"]],
      ] as const) {
        refuses(
          title,
          () => {
            const { home } = world();
            const appFields = { app_id: home.app.app_id, business_uid: home.businessUid };
            return dir().post("/platform/v1/tokens", {
              staff_uid: home.business.admin.uid,
              ...Object.fromEntries(fields.map((field) => [field, appFields[field]])),
            });
          },
          { status: 422, code: "invalid", field: "staff_uid" },
        );
      }
      it("names both fields of the conflict", async () => {
        const { home } = world();
        const answer = await dir().post("/platform/v1/tokens", {
          app_id: home.app.app_id,
          staff_uid: home.business.admin.uid,
        });
        assert.equal(answer.status, 422);
        assert.match(answer.body.errors[0].message, /staff_uid and app_id/);
      });
      refuses("an unknown app", () => dir().post("/platform/v1/tokens", { app_id: "no-such-app" }), {
        status: 404,
        code: "not_found",
        field: "app_id",
      });
      refuses(
        "an unknown staff member",
        () => dir().post("/platform/v1/tokens", { staff_uid: "no-such-staff" }),
        {
          status: 404,
          code: "not_found",
          field: "staff_uid",
        },
      );
      refuses(
        "an unknown business",
        () =>
          dir().post("/platform/v1/tokens", {
            app_id: world().home.app.app_id,
            business_uid: "no-such-business",
          }),
        { status: 404, code: "not_found", field: "business_uid" },
      );
      refuses(
        "a business that has not installed the app",
        () =>
          dir().post("/platform/v1/tokens", {
            app_id: world().home.app.app_id,
            business_uid: world().rival.businessUid,
          }),
        { status: 422, code: "invalid", field: "business_uid" },
      );
    });
  });
}
