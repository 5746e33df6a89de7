import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  assertRefused,
  type CallOptions,
  call,
  concretePath,
  DIALECTS,
  expectRefused,
  type JsonObject,
  ROUTES,
  type RouteCase,
  serverWithWorld,
} from "@tandem/test-support";

/** What every endpoint shares: the body parser, the router, request ids, and the route list itself. */
for (const dialect of DIALECTS) {
  describe(`bad input at the HTTP level, on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const writes = ROUTES.filter((route) => route.method === "POST" || route.method === "PUT");

    /** The credentials the route accepts, so that only the body can be at fault. */
    const rightCaller = (route: RouteCase): CallOptions => {
      const { home } = world();
      if (route.accepts.includes("directory")) return { token: server().directoryToken };
      if (route.accepts.includes("app")) return { token: home.appApi.token };
      if (route.accepts.includes("staff")) return { cookie: home.adminCookie };
      return {};
    };
    const send = (route: RouteCase, body: unknown, headers: Record<string, string> = {}) =>
      call(server().url, route.method, concretePath(route, world().home), body, {
        ...rightCaller(route),
        headers,
      });

    it("covers every endpoint: all the documented ones, and none that is not registered", async () => {
      const spec = await call(server().url, "GET", "/openapi.json");
      const documented = Object.entries(spec.body.paths as Record<string, JsonObject>)
        .filter(([path]) => /^\/(platform|business|api)\//.test(path))
        .flatMap(([path, operations]) =>
          Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
        );
      const covered = ROUTES.map((route) => `${route.method} ${route.route}`);
      const uncovered = documented.filter((route) => !covered.includes(route));
      assert.deepEqual(
        uncovered,
        [],
        "add these to route-table.ts of @tandem/test-support and give them bad-input tests",
      );
      // The router, not the document: WebSocket routes are registered but not documented.
      const unregistered = ROUTES.filter(
        (route) =>
          !server().tandem.http.hasRoute({
            method: route.method,
            url: route.route.replace(/\{(\w+)\}/g, ":$1"),
          }),
      );
      assert.deepEqual(
        unregistered.map((route) => `${route.method} ${route.route}`),
        [],
        "the route table names endpoints that do not exist",
      );
    });

    it("answers malformed JSON on every endpoint that takes a body with 400, writing nothing", async () => {
      for (const route of writes) {
        await expectRefused(server(), () => send(route, '{"name": "unfinished'), {
          status: 400,
          code: "invalid",
          field: "body",
        });
      }
    });

    it("answers an array where the body's object belongs with 422, writing nothing", async () => {
      for (const route of writes.filter((candidate) => candidate.body)) {
        const body = route.body?.(world().home);
        await expectRefused(server(), () => send(route, [body]), {
          status: 422,
          code: "invalid",
          field: "body",
        });
      }
    });

    it("refuses a body that tries to set an object's prototype", async () => {
      for (const route of writes.filter((candidate) => candidate.body)) {
        const body = JSON.stringify(route.body?.(world().home)).replace(
          /^\{/,
          '{"__proto__": {"admin": true}, ',
        );
        await expectRefused(server(), () => send(route, body), {
          status: 400,
          code: "invalid",
          field: "body",
        });
      }
    });

    it("refuses a body that is not JSON by its content type, and one over 1 MB", async () => {
      const createApp = ROUTES.find(
        (route) => route.method === "POST" && route.route === "/platform/v1/apps",
      );
      assert.ok(createApp);
      await expectRefused(
        server(),
        async () => {
          // Sent by hand: the test client always declares JSON.
          const response = await fetch(`${server().url}/platform/v1/apps`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${server().directoryToken}`,
              "content-type": "application/xml",
            },
            body: "<app/>",
          });
          return {
            status: response.status,
            headers: response.headers,
            body: (await response.json()) as JsonObject,
          };
        },
        { status: 415, code: "invalid", field: "content-type" },
      );
      await expectRefused(server(), () => send(createApp, { name: "x".repeat(1_100_000) }), {
        status: 413,
        code: "too_long",
        field: "body",
      });
    });

    it("answers a body that is not JSON (plain text, a form) with 415 on every endpoint that takes a body", async () => {
      for (const route of writes.filter((candidate) => candidate.body)) {
        const body = JSON.stringify(route.body?.(world().home));
        for (const type of ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded"]) {
          const answer = await expectRefused(server(), () => send(route, body, { "content-type": type }), {
            status: 415,
            code: "invalid",
            field: "content-type",
          });
          assert.ok(answer.headers.get("x-request-id"), `${route.method} ${route.route} as ${type}`);
        }
      }
    });

    it("answers a wrong method on a known path with 405 and the path's methods in Allow", async () => {
      for (const route of ROUTES) {
        const path = concretePath(route, world().home);
        const answer = await expectRefused(
          server(),
          () => call(server().url, "PATCH", path, {}, rightCaller(route)),
          {
            status: 405,
            code: "invalid",
            field: "method",
          },
        );
        const allowed = (answer.headers.get("allow") ?? "").split(", ");
        assert.ok(allowed.includes(route.method), `${route.route} allows ${route.method}: ${allowed}`);
        assert.ok(!allowed.includes("PATCH"), `${route.route}: ${allowed}`);
      }
      const directory = { token: server().directoryToken };
      for (const [method, path, allow] of [
        ["GET", "/platform/v1/tokens", "POST"],
        ["DELETE", "/platform/v1/businesses", "GET, HEAD, POST"],
        ["POST", `/platform/v1/deliveries/${world().home.deliveryUid}`, "GET, HEAD"],
        ["PUT", "/business/communication/messages", "GET, HEAD, POST"],
        ["GET", "/oauth/token", "POST"],
      ] as const) {
        const answer = await call(server().url, method, path, method === "GET" ? undefined : {}, directory);
        assertRefused(answer, { status: 405, code: "invalid", field: "method" });
        assert.equal(answer.headers.get("allow"), allow, `${method} ${path}`);
        assert.match(answer.body.errors[0].message, new RegExp(`${method} is not allowed`));
      }
      // An unknown path is still not found, whatever the method.
      const unknown = await call(server().url, "PATCH", "/platform/v1/nothing-here", {}, directory);
      assertRefused(unknown, { status: 404, code: "not_found" });
      assert.equal(unknown.headers.get("allow"), null);
    });

    it("answers the router's own refusals in the envelope, with a request id", async () => {
      const directory = { token: server().directoryToken };
      const unknownRoute = await call(server().url, "GET", "/platform/v1/nothing-here", undefined, directory);
      assertRefused(unknownRoute, { status: 404, code: "not_found" });
      // A segment far beyond any uid; the router stops there (on this route; on others it finds no route).
      const longUid = `/business/communication/messages/${"a".repeat(2000)}`;
      const longSegment = await call(server().url, "PUT", longUid, {}, { token: world().home.appApi.token });
      assertRefused(longSegment, { status: 414, code: "too_long", field: "path" });
      assert.ok(longSegment.headers.get("x-request-id"));
      const badEscape = await call(server().url, "GET", "/platform/v1/apps/%E0%A4%A", undefined, directory);
      assertRefused(badEscape, { status: 400, code: "invalid", field: "path" });
      assert.ok(badEscape.headers.get("x-request-id"));
    });

    it("echoes x-request-id on refused requests, and makes a fresh one when there is none", async () => {
      const refused = await call(server().url, "GET", "/platform/v1/apps", undefined, {
        headers: { "x-request-id": "trace-401" },
      });
      assertRefused(refused, { status: 401, code: "unauthorized" });
      assert.equal(refused.headers.get("x-request-id"), "trace-401");
      const invalid = await call(server().url, "GET", "/platform/v1/apps?page=0", undefined, {
        token: server().directoryToken,
        headers: { "x-request-id": "trace-422" },
      });
      assertRefused(invalid, { status: 422, code: "invalid", field: "page" });
      assert.equal(invalid.headers.get("x-request-id"), "trace-422");
      const first = await call(server().url, "GET", "/platform/v1/apps");
      const second = await call(server().url, "GET", "/platform/v1/apps");
      assert.match(first.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
      assert.notEqual(first.headers.get("x-request-id"), second.headers.get("x-request-id"));
    });
  });
}
