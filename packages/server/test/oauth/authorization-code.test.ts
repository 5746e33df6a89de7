import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  Browser,
  client,
  createBusiness,
  DIALECTS,
  directory,
  formEndingWith,
  formsOf,
  type JsonObject,
  pkcePair,
  registerApp,
  startServer,
  type TestBusiness,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";
import { FAILURES_PER_EMAIL } from "../../src/auth/sign-in-throttle.js";
import {
  authorizationCode,
  authorize,
  authorizePath,
  type Credentials,
  exchangeCode,
  postToken,
  REDIRECT_URI,
  signInThroughPages,
} from "./flow.js";

/**
 * SPEC §3's authorization-code flow over real HTTP: a hand-driven browser signs in on Tandem's page,
 * consents when the app is not trusted, and the app exchanges the code for tokens that install it.
 */
for (const dialect of DIALECTS) {
  describe(`OAuth authorization code on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let trustedApp: JsonObject;
    let untrustedApp: JsonObject;
    let business: TestBusiness;
    let otherBusiness: TestBusiness;
    let admin: Credentials;

    const installedApps = async (businessUid: string): Promise<string[]> => {
      const answer = await directory(server).get(`/platform/v1/businesses/${businessUid}/apps`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.data.installations.map((installation: JsonObject) => installation.app_id);
    };

    before(async () => {
      await receiver.start();
      server = await startServer({ dialect });
      trustedApp = (await registerApp(server, receiver, { trusted: true })).app;
      untrustedApp = (await registerApp(server, receiver, { trusted: false })).app;
      business = await createBusiness(server);
      otherBusiness = await createBusiness(server);
      admin = { email: business.adminEmail, password: business.adminPassword };
    });

    after(async () => {
      await server?.close();
      await receiver.close();
    });

    it("serves a plain, accessible sign-in page that no one may frame", async () => {
      const page = await new Browser(server.url).open(authorizePath(trustedApp));
      assert.equal(page.status, 200);
      assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
      assert.equal(page.headers.get("x-frame-options"), "DENY");
      assert.match(page.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
      assert.match(page.html, /<html lang="en">/);
      assert.match(page.html, new RegExp(`Sign in to connect ${trustedApp.name}`));
      assert.match(page.html, /<label for="email">Email<\/label>/);
      assert.match(page.html, /<label for="password">Password<\/label>/);
      assert.doesNotMatch(page.html, /<script|https?:\/\/(?!127\.0\.0\.1)/);
      const login = formEndingWith(page, "login");
      assert.equal(login.method, "post");
      assert.deepEqual(Object.keys(login.fields).sort(), ["email", "password"]);
    });

    it("a trusted app: sign-in, no consent page, then a code and the state on the redirect_uri", async () => {
      const { visit } = await signInThroughPages(server, trustedApp, admin, { state: "trusted-state" });
      assert.ok(visit.redirectedTo, `expected a redirect to the app, got ${visit.status}: ${visit.html}`);
      assert.equal(`${visit.redirectedTo.origin}${visit.redirectedTo.pathname}`, REDIRECT_URI);
      assert.equal(visit.redirectedTo.searchParams.get("state"), "trusted-state");
      assert.ok(visit.redirectedTo.searchParams.get("code"));
    });

    it("the code (as JSON) gives tokens bound to the business, installs the app, and reaches that business only", async () => {
      assert.ok(!(await installedApps(business.business.uid)).includes(trustedApp.app_id));
      const code = await authorizationCode(server, trustedApp, admin);
      const answer = await exchangeCode(server, trustedApp, code);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const { access_token, token_type, expires_in, refresh_token, scope, created_at } = answer.body;
      assert.ok(access_token && refresh_token);
      assert.equal(token_type, "Bearer");
      assert.ok(Number.isInteger(expires_in) && expires_in > 0);
      assert.ok(Number.isInteger(created_at) && Math.abs(created_at - Date.now() / 1000) < 600);
      assert.deepEqual(scope.split(" ").sort(), ["business/clients", "business/communication", "openid"]);
      assert.equal(answer.headers.get("cache-control"), "no-store");

      assert.ok((await installedApps(business.business.uid)).includes(trustedApp.app_id));
      assert.ok(!(await installedApps(otherBusiness.business.uid)).includes(trustedApp.app_id));

      const app = client(server.url, access_token);
      const created = await app.post("/business/communication/channels", {
        business_uid: business.business.uid,
        type: "transactional",
        display_name: "WhatsApp",
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.data.channel.business_uid, business.business.uid);
      assert.equal(created.body.data.channel.app_code_name, trustedApp.app_code_name);

      const elsewhere = await app.post("/business/communication/channels", {
        business_uid: otherBusiness.business.uid,
        type: "transactional",
        display_name: "WhatsApp",
      });
      assert.equal(elsewhere.status, 404, JSON.stringify(elsewhere.body));
    });

    it("a code works once", async () => {
      const code = await authorizationCode(server, trustedApp, admin);
      assert.equal((await exchangeCode(server, trustedApp, code)).status, 200);
      const again = await exchangeCode(server, trustedApp, code);
      assert.equal(again.status, 400);
      assert.equal(again.body.error, "invalid_grant");
      assert.equal(typeof again.body.error_description, "string");
    });

    it("a code is bound to its redirect_uri and to its app", async () => {
      const code = await authorizationCode(server, trustedApp, admin);
      const otherUri = await exchangeCode(server, trustedApp, code, {
        redirect_uri: "http://127.0.0.1:1/other",
      });
      assert.equal(otherUri.status, 400);
      assert.equal(otherUri.body.error, "invalid_grant");

      const stolen = await authorizationCode(server, trustedApp, admin);
      const byAnotherApp = await exchangeCode(server, untrustedApp, stolen);
      assert.equal(byAnotherApp.status, 400);
      assert.equal(byAnotherApp.body.error, "invalid_grant");
    });

    it("an untrusted app: the consent page names the business and the scopes; Allow gives a code", async () => {
      const { browser, visit } = await signInThroughPages(server, untrustedApp, admin, {
        state: "consent-state",
      });
      assert.equal(visit.redirectedTo, null);
      assert.equal(visit.status, 200);
      assert.match(visit.html, new RegExp(`Install ${untrustedApp.name} on ${business.business.name}\\?`));
      assert.match(visit.html, new RegExp(`Signed in as ${business.adminEmail}`));
      assert.match(visit.html, /Open channels and send and receive messages/);
      assert.match(visit.html, /See and add your business&#39;s clients/);
      const buttons = formsOf(visit.html).flatMap((form) => form.buttons);
      assert.deepEqual(buttons, ["Allow and install", "Deny"]);

      const landing = await browser.submit(formEndingWith(visit, "confirm"));
      assert.ok(landing.redirectedTo, landing.html);
      assert.equal(landing.redirectedTo.searchParams.get("state"), "consent-state");
      const code = landing.redirectedTo.searchParams.get("code");
      assert.ok(code);
      const answer = await exchangeCode(server, untrustedApp, code, {}, "form");
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok((await installedApps(business.business.uid)).includes(untrustedApp.app_id));
    });

    it("Deny on the consent page sends access_denied to the app and installs nothing", async () => {
      const fresh = await createBusiness(server);
      const redirect = await authorize(
        server,
        untrustedApp,
        { email: fresh.adminEmail, password: fresh.adminPassword },
        { consent: "deny", state: "denied-state" },
      );
      assert.equal(redirect.searchParams.get("error"), "access_denied");
      assert.equal(redirect.searchParams.get("state"), "denied-state");
      assert.equal(redirect.searchParams.get("code"), null);
      assert.deepEqual(await installedApps(fresh.business.uid), []);
    });

    it("PKCE (S256): the right verifier exchanges the code, as a form with HTTP Basic", async () => {
      const { verifier, challenge } = pkcePair();
      const code = await authorizationCode(server, untrustedApp, admin, { codeChallenge: challenge });
      const answer = await postToken(
        server,
        "/oauth/token",
        { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
        { as: "form", basic: { id: untrustedApp.client_id, secret: untrustedApp.client_secret } },
      );
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok(answer.body.access_token);
    });

    it("PKCE: a wrong verifier, or none, is invalid_grant", async () => {
      const { challenge } = pkcePair();
      const code = await authorizationCode(server, trustedApp, admin, { codeChallenge: challenge });
      const wrong = await exchangeCode(server, trustedApp, code, { code_verifier: pkcePair().verifier });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error, "invalid_grant");

      const another = await authorizationCode(server, trustedApp, admin, { codeChallenge: challenge });
      const missing = await exchangeCode(server, trustedApp, another);
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error, "invalid_grant");
    });

    it("staff who are not admins are refused clearly, and the app hears access_denied", async () => {
      const fresh = await createBusiness(server);
      const email = `${unique("staff")}@example.com`;
      const password = "a staff password";
      const added = await directory(server).post(`/platform/v1/businesses/${fresh.business.uid}/staffs`, {
        email,
        display_name: "Sam Staff",
        role: "staff",
        password,
      });
      assert.equal(added.status, 201, JSON.stringify(added.body));

      const { browser, visit } = await signInThroughPages(server, trustedApp, { email, password });
      assert.equal(visit.status, 403);
      assert.match(visit.html, /Only admins can install apps/);
      assert.match(visit.html, new RegExp(`${email} is not an admin`));
      const back = formEndingWith(visit, "abort");
      assert.deepEqual(back.buttons, [`Return to ${trustedApp.name}`]);

      const landing = await browser.submit(back);
      assert.ok(landing.redirectedTo, landing.html);
      assert.equal(landing.redirectedTo.searchParams.get("error"), "access_denied");
      assert.match(landing.redirectedTo.searchParams.get("error_description") ?? "", /admin/);
      assert.deepEqual(await installedApps(fresh.business.uid), []);
    });

    it("a wrong password shows the sign-in page again with an alert", async () => {
      const { visit } = await signInThroughPages(server, trustedApp, {
        email: admin.email,
        password: "not it",
      });
      assert.equal(visit.status, 401);
      assert.match(visit.html, /role="alert">Wrong email or password/);
      assert.equal(formEndingWith(visit, "login").fields.email, admin.email);
    });

    it("after too many wrong passwords for an email, the sign-in page says to wait (429), right password or not", async () => {
      const fresh = await createBusiness(server);
      let { browser, visit } = await signInThroughPages(server, trustedApp, {
        email: fresh.adminEmail,
        password: "guess 0",
      });
      for (let guess = 1; guess < FAILURES_PER_EMAIL; guess++) {
        assert.equal(visit.status, 401);
        visit = await browser.submit(formEndingWith(visit, "login"), {
          email: fresh.adminEmail,
          password: `guess ${guess}`,
        });
      }
      assert.equal(visit.status, 401);
      ({ visit } = await signInThroughPages(server, trustedApp, {
        email: fresh.adminEmail,
        password: fresh.adminPassword,
      }));
      assert.equal(visit.status, 429);
      assert.match(visit.html, /role="alert">Too many failed sign-ins\. Try again in 15 minutes\./);
      assert.deepEqual(await installedApps(fresh.business.uid), []);
    });

    it("an unknown client or an unregistered redirect_uri is an error page, never a redirect", async () => {
      const browser = new Browser(server.url);
      const unknown = await browser.open(authorizePath({ ...trustedApp, client_id: "no-such-client" }));
      assert.equal(unknown.redirectedTo, null);
      assert.equal(unknown.status, 400);
      assert.match(unknown.html, /This sign-in cannot continue/);

      const query = new URLSearchParams({
        response_type: "code",
        client_id: trustedApp.client_id,
        redirect_uri: "https://attacker.example/steal",
        state: "s",
      });
      const misdirected = await browser.open(`/app/oauth/authorize?${query}`);
      assert.equal(misdirected.redirectedTo, null);
      assert.equal(misdirected.status, 400);
    });

    it("a finished sign-in cannot be replayed", async () => {
      const browser = new Browser(server.url);
      const page = await browser.open(authorizePath(trustedApp));
      const login = formEndingWith(page, "login");
      const first = await browser.submit(login, { email: admin.email, password: admin.password });
      assert.ok(first.redirectedTo);
      const replay = await browser.submit(login, { email: admin.email, password: admin.password });
      assert.equal(replay.status, 400);
      assert.match(replay.html, /expired or is already finished/);
    });
  });
}
