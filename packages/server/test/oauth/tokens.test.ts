import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  appToken,
  client,
  createBusiness,
  DIALECTS,
  directory,
  install,
  type JsonObject,
  registerApp,
  startServer,
  type TestBusiness,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";
import { REFRESH_REUSE_GRACE_MS } from "../../src/auth/oauth/adapter.js";
import { CLOSE_SIGNED_OUT } from "../../src/realtime/sign-in-watch.js";
import { FeedSocket } from "../realtime/feed-socket.js";
import { type Credentials, installThroughOAuth, postToken } from "./flow.js";

/**
 * What an app does with its tokens after the authorization step: refresh, revoke, app-level tokens,
 * userinfo, and what stops a token (a wrong secret, a rotated secret, a deleted app, the wrong API).
 */
for (const dialect of DIALECTS) {
  describe(`OAuth tokens on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let app: JsonObject;
    let business: TestBusiness;
    let admin: Credentials;
    /** The OAuth server's clock runs this far ahead of the real one; each test starts at 0. */
    const clock = { offsetMs: 0 };

    const channelAttempt = (token: string, businessUid: string, headers: Record<string, string> = {}) =>
      client(server.url, token).post(
        "/business/communication/channels",
        { business_uid: businessUid, type: "transactional", display_name: "SMS" },
        { headers },
      );
    const userinfo = (token: string) => client(server.url, token).get("/oauth/userinfo");
    const refresh = (refreshToken: string) =>
      postToken(server, "/oauth/token", {
        grant_type: "refresh_token",
        refresh_token: refreshToken,
        client_id: app.client_id,
        client_secret: app.client_secret,
      });
    const revoke = (
      token: string,
      credentials = { client_id: app.client_id, client_secret: app.client_secret },
    ) => postToken(server, "/oauth/revoke", { token, ...credentials }, { as: "form" });

    before(async () => {
      await receiver.start();
      server = await startServer({ dialect, now: () => Date.now() + clock.offsetMs });
      app = (await registerApp(server, receiver)).app;
      business = await createBusiness(server);
      admin = { email: business.adminEmail, password: business.adminPassword };
    });

    beforeEach(() => {
      clock.offsetMs = 0;
    });

    after(async () => {
      await server?.close();
      await receiver.close();
    });

    it("refresh rotates: new tokens work, and the old refresh token retried within the grace window gets a valid pair", async () => {
      const first = await installThroughOAuth(server, app, admin);
      const rotated = await refresh(first.refresh_token);
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      assert.notEqual(rotated.body.refresh_token, first.refresh_token);
      assert.notEqual(rotated.body.access_token, first.access_token);
      assert.equal(rotated.body.token_type, "Bearer");
      assert.ok(Number.isInteger(rotated.body.created_at));
      assert.equal((await channelAttempt(rotated.body.access_token, business.business.uid)).status, 201);

      // The app never saw `rotated` (its answer was lost) and retries, just inside the window.
      clock.offsetMs = REFRESH_REUSE_GRACE_MS - 5_000;
      const retried = await refresh(first.refresh_token);
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      assert.equal(retried.body.token_type, "Bearer");
      assert.notEqual(retried.body.access_token, rotated.body.access_token);
      assert.notEqual(retried.body.refresh_token, rotated.body.refresh_token);
      assert.equal((await channelAttempt(retried.body.access_token, business.business.uid)).status, 201);
      // The grant lives on: the new refresh token rotates, and its access token works.
      const next = await refresh(retried.body.refresh_token);
      assert.equal(next.status, 200, JSON.stringify(next.body));
      assert.equal((await channelAttempt(next.body.access_token, business.business.uid)).status, 201);
      assert.equal((await userinfo(next.body.access_token)).status, 200);
    });

    it("a rotated refresh token presented past the grace window revokes the grant, and says so", async () => {
      const first = await installThroughOAuth(server, app, admin);
      const rotated = await refresh(first.refresh_token);
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      const newest = await refresh(rotated.body.refresh_token);
      assert.equal(newest.status, 200, JSON.stringify(newest.body));
      assert.equal((await channelAttempt(newest.body.access_token, business.business.uid)).status, 201);

      clock.offsetMs = REFRESH_REUSE_GRACE_MS + 1_000;
      const reused = await refresh(first.refresh_token);
      assert.equal(reused.status, 400, JSON.stringify(reused.body));
      assert.equal(reused.body.error, "invalid_grant");
      assert.match(
        reused.body.error_description,
        /grant was revoked because a used refresh token was presented again/,
      );
      // A replayed refresh token means it leaked: every token of that grant stops (RFC 9700 §4.14.2).
      assert.equal((await channelAttempt(newest.body.access_token, business.business.uid)).status, 401);
      assert.equal((await userinfo(newest.body.access_token)).status, 401);
      assert.equal((await refresh(newest.body.refresh_token)).body.error, "invalid_grant");
    });

    it("revoking either token (RFC 7009) ends every token of that authorization at once", async () => {
      const tokens = await installThroughOAuth(server, app, admin);
      assert.equal((await userinfo(tokens.access_token)).status, 200);
      const revoked = await revoke(tokens.access_token);
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
      assert.equal((await channelAttempt(tokens.access_token, business.business.uid)).status, 401);
      assert.equal((await userinfo(tokens.access_token)).status, 401);
      // RFC 7009 §2.1 lets revoking an access token revoke its refresh token too; oidc-provider does.
      assert.equal((await refresh(tokens.refresh_token)).body.error, "invalid_grant");

      const other = await installThroughOAuth(server, app, admin);
      assert.equal((await revoke(other.refresh_token)).status, 200);
      assert.equal((await refresh(other.refresh_token)).body.error, "invalid_grant");
      assert.equal((await userinfo(other.access_token)).status, 401);

      const unknown = await revoke("an-unknown-token");
      assert.equal(unknown.status, 200, "RFC 7009: an unknown token is not an error");
    });

    it("revoke also takes Tandem's minted tokens (tapp_ and tstf_)", async () => {
      await install(server, business.business.uid, app.app_code_name);
      const minted = await appToken(server, app.app_id, business.business.uid);
      assert.equal((await channelAttempt(minted, business.business.uid)).status, 201);
      assert.equal((await revoke(minted)).status, 200);
      assert.equal((await channelAttempt(minted, business.business.uid)).status, 401);

      const staffToken = await directory(server).post("/platform/v1/tokens", {
        staff_uid: business.admin.uid,
      });
      assert.equal(staffToken.status, 201, JSON.stringify(staffToken.body));
      assert.equal(staffToken.body.data.token_type, "Bearer");
      const staffApi = client(server.url, staffToken.body.data.token);
      assert.equal((await staffApi.get("/api/auth/me")).status, 200);
      const feed = await FeedSocket.ready(server.url, { token: staffToken.body.data.token });
      const anonymous = await postToken(server, "/oauth/revoke", { token: staffToken.body.data.token });
      assert.equal(anonymous.status, 200, JSON.stringify(anonymous.body));
      assert.equal((await staffApi.get("/api/auth/me")).status, 401);
      // Closed by the revocation itself: the suite's sign-in check is 10 s away.
      assert.equal((await feed.closedWithin(3_000)).code, CLOSE_SIGNED_OUT);
    });

    it("client credentials and /oauth/service/token give an app-level token that names the business per request", async () => {
      const elsewhere = await createBusiness(server);
      await install(server, business.business.uid, app.app_code_name);

      const viaGrant = await postToken(
        server,
        "/oauth/token",
        { grant_type: "client_credentials" },
        { as: "form", basic: { id: app.client_id, secret: app.client_secret } },
      );
      assert.equal(viaGrant.status, 200, JSON.stringify(viaGrant.body));
      assert.equal(viaGrant.body.refresh_token, undefined);
      assert.equal(viaGrant.body.token_type, "Bearer");
      assert.deepEqual(viaGrant.body.scope.split(" ").sort(), ["business/clients", "business/communication"]);

      const viaAlias = await postToken(server, "/oauth/service/token", {
        service_id: app.client_id,
        service_secret: app.client_secret,
      });
      assert.equal(viaAlias.status, 200, JSON.stringify(viaAlias.body));
      assert.equal(viaAlias.body.token_type, "Bearer");
      assert.ok(Number.isInteger(viaAlias.body.expires_in) && Number.isInteger(viaAlias.body.created_at));

      for (const token of [viaGrant.body.access_token, viaAlias.body.access_token]) {
        assert.equal((await channelAttempt(token, business.business.uid)).status, 201);
        const onBehalf = await client(server.url, token).post(
          "/business/communication/channels",
          { type: "promotional", display_name: "Newsletter" },
          { headers: { "x-on-behalf-of": business.business.uid } },
        );
        assert.equal(onBehalf.status, 201, JSON.stringify(onBehalf.body));
        assert.equal((await channelAttempt(token, elsewhere.business.uid)).status, 404);
        const unnamed = await client(server.url, token).post("/business/communication/channels", {
          type: "transactional",
          display_name: "SMS",
        });
        assert.equal(unnamed.status, 422);
      }

      const wrongSecret = await postToken(server, "/oauth/service/token", {
        service_id: app.client_id,
        service_secret: "tcs_wrong",
      });
      assert.equal(wrongSecret.status, 401);
      assert.equal(wrongSecret.body.error, "invalid_client");
    });

    it("userinfo answers who a token is: code-flow, app-level and minted tokens", async () => {
      const tokens = await installThroughOAuth(server, app, admin);
      const codeFlow = await userinfo(tokens.access_token);
      assert.equal(codeFlow.status, 200, JSON.stringify(codeFlow.body));
      assert.equal(codeFlow.headers.get("cache-control"), "no-store");
      assert.deepEqual(
        { ...codeFlow.body, scopes: [...codeFlow.body.scopes].sort() },
        {
          sub: business.admin.uid,
          app_id: app.app_id,
          app_code_name: app.app_code_name,
          business_uid: business.business.uid,
          scopes: ["business/clients", "business/communication", "openid"],
        },
      );

      const service = await postToken(server, "/oauth/service/token", {
        service_id: app.client_id,
        service_secret: app.client_secret,
        scope: "business/communication",
      });
      const appLevel = await userinfo(service.body.access_token);
      assert.deepEqual(appLevel.body, {
        app_id: app.app_id,
        app_code_name: app.app_code_name,
        business_uid: null,
        scopes: ["business/communication"],
      });

      const minted = await userinfo(await appToken(server, app.app_id, business.business.uid));
      assert.equal(minted.status, 200);
      assert.equal(minted.body.app_code_name, app.app_code_name);
      assert.equal(minted.body.business_uid, business.business.uid);
      assert.equal(minted.body.sub, undefined);

      for (const token of [undefined, "garbage", server.directoryToken]) {
        const refused = await client(server.url, token).get("/oauth/userinfo");
        assert.equal(refused.status, 401);
        assert.equal(refused.body.error, "invalid_token");
        assert.match(refused.headers.get("www-authenticate") ?? "", /^Bearer .*invalid_token/);
      }
    });

    it("discovery names the endpoints and the scopes, and the ID-token key is published", async () => {
      const discovery = await client(server.url).get("/.well-known/openid-configuration");
      assert.equal(discovery.status, 200);
      const paths = Object.fromEntries(
        [
          "authorization_endpoint",
          "token_endpoint",
          "revocation_endpoint",
          "userinfo_endpoint",
          "jwks_uri",
        ].map((name) => [name, new URL(discovery.body[name]).pathname]),
      );
      assert.deepEqual(paths, {
        authorization_endpoint: "/app/oauth/authorize",
        token_endpoint: "/oauth/token",
        revocation_endpoint: "/oauth/revoke",
        userinfo_endpoint: "/oauth/userinfo",
        jwks_uri: "/oauth/jwks",
      });
      assert.deepEqual(discovery.body.scopes_supported, [
        "openid",
        "business/clients",
        "business/communication",
        "business/conversations",
      ]);
      assert.deepEqual(discovery.body.code_challenge_methods_supported, ["S256"]);
      const jwks = await client(server.url).get("/oauth/jwks");
      assert.equal(jwks.body.keys.length, 1);
      assert.equal(jwks.body.keys[0].alg, "ES256");
      assert.equal(jwks.body.keys[0].d, undefined, "only the public half is published");
    });

    it("a wrong client secret is 401 invalid_client, in the body or over HTTP Basic", async () => {
      const body = await postToken(server, "/oauth/token", {
        grant_type: "client_credentials",
        client_id: app.client_id,
        client_secret: "tcs_not-the-secret",
      });
      assert.equal(body.status, 401);
      assert.equal(body.body.error, "invalid_client");
      assert.equal(typeof body.body.error_description, "string");

      const basic = await postToken(
        server,
        "/oauth/token",
        { grant_type: "client_credentials" },
        { as: "form", basic: { id: app.client_id, secret: "tcs_not-the-secret" } },
      );
      assert.equal(basic.status, 401);
      assert.equal(basic.body.error, "invalid_client");
      assert.match(basic.headers.get("www-authenticate") ?? "", /^Basic /);

      const unknownClient = await postToken(server, "/oauth/token", {
        grant_type: "client_credentials",
        client_id: "no-such-client",
        client_secret: app.client_secret,
      });
      assert.equal(unknownClient.status, 401);
      assert.equal(unknownClient.body.error, "invalid_client");
    });

    it("errors follow RFC 6749", async () => {
      const credentials = { client_id: app.client_id, client_secret: app.client_secret };
      const unsupported = await postToken(server, "/oauth/token", { grant_type: "password", ...credentials });
      assert.equal(unsupported.status, 400);
      assert.equal(unsupported.body.error, "unsupported_grant_type");

      const missingCode = await postToken(server, "/oauth/token", {
        grant_type: "authorization_code",
        redirect_uri: "http://127.0.0.1:1/callback",
        ...credentials,
      });
      assert.equal(missingCode.status, 400);
      assert.equal(missingCode.body.error, "invalid_request");

      const notJson = await fetch(`${server.url}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      });
      assert.equal(notJson.status, 400);
      assert.equal(((await notJson.json()) as JsonObject).error, "invalid_request");

      const badScope = await postToken(server, "/oauth/token", {
        grant_type: "client_credentials",
        scope: "admin/everything",
        ...credentials,
      });
      assert.equal(badScope.status, 400);
      assert.equal(badScope.body.error, "invalid_scope");

      const noTokenParam = await postToken(server, "/oauth/revoke", credentials, { as: "form" });
      assert.equal(noTokenParam.status, 400);
      assert.equal(noTokenParam.body.error, "invalid_request");
    });

    it("rotating the client secret stops the old one at once", async () => {
      const rotated = await directory(server).post(`/platform/v1/apps/${app.app_id}/secrets/rotate`, {
        type: "client",
      });
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      const newSecret = rotated.body.data.client_secret;
      const old = await postToken(server, "/oauth/service/token", {
        service_id: app.client_id,
        service_secret: app.client_secret,
      });
      assert.equal(old.status, 401);
      assert.equal(old.body.error, "invalid_client");
      const fresh = await postToken(server, "/oauth/service/token", {
        service_id: app.client_id,
        service_secret: newSecret,
      });
      assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
      app = { ...app, client_secret: newSecret };
    });

    it("app tokens are refused on the platform API and the page API", async () => {
      const codeFlow = await installThroughOAuth(server, app, admin);
      const service = await postToken(server, "/oauth/service/token", {
        service_id: app.client_id,
        service_secret: app.client_secret,
      });
      for (const token of [codeFlow.access_token, service.body.access_token]) {
        const api = client(server.url, token);
        for (const answer of [
          await api.get("/platform/v1/apps"),
          await api.get(`/platform/v1/businesses/${business.business.uid}`),
          await api.post("/platform/v1/tokens", { app_id: app.app_id }),
          await api.get("/api/auth/me"),
        ]) {
          assert.equal(answer.status, 401, JSON.stringify(answer.body));
          assert.equal(answer.body.success, false);
        }
      }
    });

    it("a deleted app's tokens stop working, and it can get no new ones", async () => {
      const doomed = (await registerApp(server, receiver)).app;
      const tokens = await installThroughOAuth(server, doomed, admin);
      const service = await postToken(server, "/oauth/service/token", {
        service_id: doomed.client_id,
        service_secret: doomed.client_secret,
      });
      assert.equal((await channelAttempt(tokens.access_token, business.business.uid)).status, 201);

      assert.equal((await directory(server).delete(`/platform/v1/apps/${doomed.app_id}`)).status, 200);
      for (const token of [tokens.access_token, service.body.access_token]) {
        assert.equal((await channelAttempt(token, business.business.uid)).status, 401);
        assert.equal((await userinfo(token)).status, 401);
      }
      const refreshed = await postToken(server, "/oauth/token", {
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: doomed.client_id,
        client_secret: doomed.client_secret,
      });
      assert.equal(refreshed.status, 401);
      assert.equal(refreshed.body.error, "invalid_client");
    });
  });
}
