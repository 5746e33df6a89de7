import assert from "node:assert/strict";
import { it } from "node:test";
import { type CallOptions, call } from "./http.js";
import { expectRefused } from "./refusals.js";
import { type Area, type CallerKind, concretePath, routesOf } from "./route-table.js";
import type { TestServer } from "./server.js";
import type { World } from "./tenants.js";

interface Credential {
  name: string;
  /** The kind of caller it proves, or null when it proves nothing. */
  kind: CallerKind | null;
  options: CallOptions;
}

function credentials(server: TestServer, world: World): Credential[] {
  const { home } = world;
  return [
    { name: "no credentials", kind: null, options: {} },
    { name: "a garbage bearer token", kind: null, options: { token: "not-a-real-token" } },
    { name: "a forged app token", kind: null, options: { token: "tapp_forged00000000000000000000" } },
    { name: "a forged staff token", kind: null, options: { token: "tstf_forged00000000000000000000" } },
    {
      name: "the directory token under another scheme",
      kind: null,
      options: { headers: { authorization: `Basic ${server.directoryToken}` } },
    },
    { name: "a forged session cookie", kind: null, options: { cookie: "tandem_session=tses_forged" } },
    { name: "the directory token", kind: "directory", options: { token: server.directoryToken } },
    { name: "an app token", kind: "app", options: { token: home.appApi.token } },
    { name: "an app-level token", kind: "app", options: { token: world.serviceApi.token } },
    { name: "a staff bearer token", kind: "staff", options: { token: home.staffToken } },
    { name: "a staff session cookie", kind: "staff", options: { cookie: home.adminCookie } },
  ];
}

/**
 * One test per endpoint of the area: every caller it does not accept gets 401 and writes nothing,
 * with a request that would succeed for the right caller.
 */
export function wrongCallerTests(area: Area, server: () => TestServer, world: () => World): void {
  for (const route of routesOf(area)) {
    if (route.accepts.length === 0) continue;
    it(`${route.method} ${route.route} refuses every caller but ${route.accepts.join(" or ")}`, async () => {
      const home = world().home;
      for (const credential of credentials(server(), world())) {
        if (credential.kind && route.accepts.includes(credential.kind)) continue;
        try {
          await expectRefused(
            server(),
            () =>
              call(
                server().url,
                route.method,
                concretePath(route, home),
                route.body?.(home),
                credential.options,
              ),
            { status: 401, code: "unauthorized" },
          );
        } catch (error) {
          assert.fail(`with ${credential.name}: ${(error as Error).message}`);
        }
      }
    });
  }
}
