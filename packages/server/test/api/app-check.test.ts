import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { RequestListener } from "node:http";
import { after, before, describe, it } from "node:test";
import { WEBHOOK_EVENT_NAMES } from "@tandem/contract";
import type { Answer, JsonObject, Tenant, TestServer } from "@tandem/test-support";
import {
  createBusiness,
  createTenant,
  DIALECTS,
  directory,
  expectRefused,
  install,
  sealedInFirstFormat,
  signIn,
  staffClient,
  startServer,
  unique,
} from "@tandem/test-support";
import {
  answering,
  closeApps,
  expectedOutcomes,
  firstTwoValidCallsFail,
  listen,
  outcomes,
  SIGNATURE_CHECKS,
  sdkApp,
} from "../support/apps-to-check.js";

/** An app of the directory's at `apiUri` (none: an integration, which needs no webhooks); answers it with its secret. */
async function registerAt(server: TestServer, apiUri: string | null): Promise<JsonObject> {
  const created = await directory(server).post("/platform/v1/apps", {
    name: unique("Checked "),
    app_type: apiUri ? ["communication"] : ["integration"],
    redirect_uri: "http://127.0.0.1:1/callback",
    ...(apiUri ? { api_uri: apiUri } : {}),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.data.app;
}

/** An app at `apiUri`, installed on a business of its own, with that business's admin signed in. */
async function installedOnNewBusiness(server: TestServer, apiUri: string) {
  const registered = await registerAt(server, apiUri);
  const business = await createBusiness(server);
  await install(server, business.business.uid, registered.app_code_name);
  const admin = staffClient(server, await signIn(server, business.adminEmail, business.adminPassword));
  return { registered, admin };
}

/** An app whose endpoint counts its calls and answers as `app.listener` says, which a test may swap. */
async function swappableApp(listener: RequestListener) {
  const app = { listener, calls: 0, uri: "" };
  app.uri = await listen((request, response) => {
    app.calls += 1;
    app.listener(request, response);
  });
  return app;
}

const checkPath = (appId: string) => `/api/apps/${encodeURIComponent(appId)}/check`;

/**
 * "Check this app" on the settings page: the admin's check of an app installed on the business,
 * against the app's real endpoint, with the report `tandem check-app` prints.
 */
for (const dialect of DIALECTS) {
  describe(`checking an installed app from the settings page, on ${dialect}`, () => {
    let server: TestServer;
    let home: Tenant;
    let rival: Tenant;
    let sdk: Awaited<ReturnType<typeof swappableApp>>;
    let sdkAppId: string;
    let secret: string;
    const check = (appId: string, as = home.adminPage) => as.post(checkPath(appId));

    before(async () => {
      // Tandem's default timeout: an answer of the SDK's is far inside half of it on a busy machine too.
      server = await startServer({ dialect, env: { TANDEM_WEBHOOK_TIMEOUT_MS: "10000" } });
      home = await createTenant(server);
      rival = await createTenant(server);
      sdk = await swappableApp(answering(503));
      const app = await registerAt(server, `${sdk.uri}/tandem`);
      ({ app_id: sdkAppId, webhook_secret: secret } = app);
      await install(server, home.businessUid, app.app_code_name);
    });
    after(async () => {
      await server?.close();
      await home?.receiver.close();
      await rival?.receiver.close();
      await closeApps();
    });

    it("passes an app built on the SDK, each event reaching its code once, as the CLI reports it", async () => {
      const built = sdkApp(secret, { basePath: "/tandem" });
      sdk.listener = built.listener;
      const answer = await check(sdkAppId);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const report = answer.body.data.report;
      assert.equal(report.api_uri, `${sdk.uri}/tandem`);
      assert.equal(report.timeout_ms, 10_000);
      assert.equal(report.passed, true);
      assert.deepEqual(
        outcomes(report),
        expectedOutcomes(() => "pass"),
      );
      assert.deepEqual(report.counts, { pass: report.checks.length, warn: 0, fail: 0, skip: 0 });
      assert.deepEqual([...built.handled].sort(), [...WEBHOOK_EVENT_NAMES].sort());
      assert.match(report.notes.join("\n"), /cannot be seen from outside/);
    });

    it("signs as the worker does during a rotation: an app still holding only the old secret passes", async () => {
      const rotated = await directory(server).post(`/platform/v1/apps/${sdkAppId}/secrets/rotate`, {
        type: "webhook",
      });
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      const newSecret: string = rotated.body.data.webhook_secret;
      assert.ok(newSecret?.startsWith("whsec_"), JSON.stringify(rotated.body));
      for (const held of [secret, newSecret]) {
        sdk.listener = sdkApp(held, { basePath: "/tandem" }).listener;
        const answer = await check(sdkAppId);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(answer.body.data.report.passed, true, JSON.stringify(answer.body.data.report.checks));
      }
    });

    it("fails an app that accepts unsigned calls on exactly the signature checks", async () => {
      // The tenant's receiver answers 204 to whatever comes.
      const answer = await check(home.app.app_id);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const report = answer.body.data.report;
      assert.equal(report.passed, false);
      assert.equal(report.api_uri, home.receiver.baseUrl);
      assert.deepEqual(
        outcomes(report),
        expectedOutcomes((_, name) => (SIGNATURE_CHECKS.includes(name) ? "fail" : "pass")),
      );
      const unsigned = report.checks.find((entry: JsonObject) => entry.check === "no_signature");
      assert.match(unsigned.detail, /accepted a call without signature headers/);
    });

    it("runs one check of an app at a time: a second is refused with 409 while the first waits", async () => {
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let arrived = () => {};
      const firstCall = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const held = await swappableApp((request, response) => {
        arrived();
        void released.then(() => answering(204)(request, response));
      });
      const app = await registerAt(server, held.uri);
      await install(server, home.businessUid, app.app_code_name);

      const first = check(app.app_id);
      await firstCall;
      const callsSoFar = held.calls;
      await expectRefused(server, () => check(app.app_id), {
        status: 409,
        code: "conflict",
        field: "app_id",
      });
      // By another admin too: the bound is the app's, not the caller's.
      const second = await createBusiness(server);
      await install(server, second.business.uid, app.app_code_name);
      const otherAdmin = staffClient(server, await signIn(server, second.adminEmail, second.adminPassword));
      await expectRefused(server, () => check(app.app_id, otherAdmin), {
        status: 409,
        code: "conflict",
        field: "app_id",
      });
      assert.equal(held.calls, callsSoFar, "a refused check calls nobody");
      // Another app's check goes on meanwhile.
      const other = await check(sdkAppId);
      assert.equal(other.status, 200, JSON.stringify(other.body));

      release();
      const done = await first;
      assert.equal(done.status, 200, JSON.stringify(done.body));
      const again = await check(app.app_id, otherAdmin);
      assert.equal(again.status, 200, "the app can be checked again once its check ended");
    });

    it("answers an app the business has not installed exactly like an unknown one: 404", async () => {
      const unknown = await expectRefused(server, () => check("no-such-app"), {
        status: 404,
        code: "not_found",
        field: "app_id",
      });
      const callsBefore = sdk.calls;
      const answers: Answer[] = [
        await check(rival.app.app_id),
        // Installed elsewhere only: the rival business has not installed the SDK app.
        await check(sdkAppId, rival.adminPage),
      ];
      for (const answer of answers) {
        assert.equal(answer.status, 404, JSON.stringify(answer.body));
        assert.deepEqual(answer.body, unknown.body);
      }
      assert.equal(sdk.calls, callsBefore, "the app heard nothing");
    });

    it("is for admins: a staff member gets 403 and the app hears nothing", async () => {
      const callsBefore = sdk.calls;
      await expectRefused(server, () => check(sdkAppId, home.memberPage), {
        status: 403,
        code: "forbidden",
      });
      assert.equal(sdk.calls, callsBefore);
    });

    it("refuses with 409 naming webhook_secret, never a 500, when this server cannot open the app's secret", async () => {
      const unreadable = await swappableApp(answering(204));
      const app = await registerAt(server, unreadable.uri);
      await install(server, home.businessUid, app.app_code_name);
      // Sealed by a server with another TANDEM_SECRET_KEY: this one holds no key that opens it.
      const sealedElsewhere = sealedInFirstFormat(randomBytes(32), app.webhook_secret);
      await server.tandem.storage.db
        .updateTable("apps")
        .set({ webhook_secret_enc: sealedElsewhere })
        .where("id", "=", app.app_id)
        .execute();

      const refused = await expectRefused(server, () => check(app.app_id), {
        status: 409,
        code: "conflict",
        field: "webhook_secret",
      });
      assert.match(
        refused.body.errors[0].message,
        /^the app's webhook secret cannot be opened with this server's key \(TANDEM_SECRET_KEY\)/,
      );
      assert.equal(unreadable.calls, 0, "nothing unsigned went out");
    });

    it("refuses an app with no api_uri with 422 naming api_uri, and an app_id no app can have", async () => {
      const integration = await registerAt(server, null);
      await install(server, home.businessUid, integration.app_code_name);
      await expectRefused(server, () => check(integration.app_id), {
        status: 422,
        code: "invalid",
        field: "api_uri",
      });
      await expectRefused(server, () => check("x".repeat(256)), {
        status: 422,
        code: "too_long",
        field: "app_id",
      });
    });
  });
}

describe("checking an installed app where private addresses are refused", () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({ dialect: "sqlite", env: { TANDEM_ALLOW_PRIVATE_WEBHOOKS: "false" } });
  });
  after(async () => {
    await server?.close();
    await closeApps();
  });

  it("calls no private address, as the worker would not, and says so in the report", async () => {
    const app = await swappableApp(answering(204));
    const { registered, admin } = await installedOnNewBusiness(server, app.uri);

    const answer = await admin.post(checkPath(registered.app_id));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const report = answer.body.data.report;
    assert.equal(report.passed, false);
    assert.deepEqual(outcomes(report), expectedOutcomes(firstTwoValidCallsFail));
    assert.match(report.checks[0].detail, /private address/);
    assert.equal(
      report.checks[1].detail,
      "not made: Tandem does not call the app's address (the valid call refused)",
    );
    assert.equal(app.calls, 0);
  });
});

describe("checking an installed app that never answers", () => {
  const timeoutMs = 500;
  let server: TestServer;

  before(async () => {
    server = await startServer({ dialect: "sqlite", env: { TANDEM_WEBHOOK_TIMEOUT_MS: String(timeoutMs) } });
  });
  after(async () => {
    await server?.close();
    await closeApps();
  });

  it("stops after two unanswered calls and reports every call left as skipped, saying why", async () => {
    const app = await swappableApp((request) => {
      request.resume(); // read, never answered
    });
    const { registered, admin } = await installedOnNewBusiness(server, app.uri);

    const answer = await admin.post(checkPath(registered.app_id));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const report = answer.body.data.report;
    assert.equal(app.calls, 2, "the valid calls of the first two kinds, and nothing after them");
    assert.equal(report.passed, false);
    assert.deepEqual(outcomes(report), expectedOutcomes(firstTwoValidCallsFail));
    assert.deepEqual(report.counts, { pass: 0, warn: 0, fail: 2, skip: report.checks.length - 2 });
    const details = new Set(report.checks.map((check: JsonObject) => check.detail));
    assert.deepEqual([...details].sort(), [
      `no answer within Tandem's ${timeoutMs} ms timeout`,
      "not made: the app did not answer 2 calls in a row in time",
      "not made: the app did not answer the valid call in time",
    ]);
    assert.match(report.notes[0], /^stopped early: 2 calls in a row got no answer/);
  });
});
