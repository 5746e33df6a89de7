import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { APP_TOKEN_KEY, createPkcePair, MemoryTokenStore, type Tandem, TandemError } from "../src/index.js";
import { type AppScenario, countingFetch, startAppScenario } from "./support/scenario.js";
import { consentThroughPages, createBusiness, DIALECTS, type TestBusiness } from "./support/tandem-server.js";

/** registerApp's redirect_uri: never fetched, the test reads the redirect the app would receive. */
const REDIRECT_URI = "http://127.0.0.1:1/callback";

/** A staff admin opens the SDK's authorize URL and signs in; answers the redirect the app receives. */
async function consent(server: AppScenario["server"], url: string, admin: TestBusiness): Promise<URL> {
  const { redirect } = await consentThroughPages(server.url, url, {
    email: admin.adminEmail,
    password: admin.adminPassword,
  });
  return redirect;
}

/** Token handling against Tandem's real OAuth server. */
for (const dialect of DIALECTS) {
  describe(`the SDK's tokens, on ${dialect}`, () => {
    let scenario: AppScenario;
    const store = new MemoryTokenStore();
    let businessUid: string;

    before(async () => {
      scenario = await startAppScenario(dialect);
    });
    after(() => scenario.close());

    it("installs through its authorize URL with PKCE and then acts with the business's own token", async () => {
      const admin = await createBusiness(scenario.server);
      const counting = countingFetch();
      const tandem = scenario.sdk({ tokenStore: store, fetch: counting.fetch });
      const pkce = await createPkcePair();
      assert.match(pkce.verifier, /^[A-Za-z0-9_-]{43}$/);
      const url = tandem.authorizeUrl({
        redirectUri: REDIRECT_URI,
        state: "s-42",
        codeChallenge: pkce.challenge,
      });
      assert.equal(new URL(url).searchParams.get("code_challenge_method"), "S256");

      const redirect = await consent(scenario.server, url, admin);
      assert.equal(redirect.searchParams.get("state"), "s-42");
      const code = redirect.searchParams.get("code") ?? "";
      const installation = await tandem.completeAuthorization({
        code,
        redirectUri: REDIRECT_URI,
        codeVerifier: pkce.verifier,
      });
      businessUid = admin.business.uid;
      assert.equal(installation.businessUid, businessUid);
      assert.ok(installation.tokens.refreshToken);
      assert.equal((await store.get(businessUid))?.accessToken, installation.tokens.accessToken);

      const { channel } = await tandem.forBusiness(businessUid).channels.create({ type: "promotional" });
      assert.equal(channel.business_uid, businessUid);
      assert.equal(counting.count("POST /oauth/token"), 1, "the code exchange only: no app-level token");
    });

    it("refuses a code exchanged with the wrong PKCE verifier", async () => {
      const admin = await createBusiness(scenario.server);
      const tandem = scenario.sdk();
      const pkce = await createPkcePair();
      const redirect = await consent(
        scenario.server,
        tandem.authorizeUrl({ redirectUri: REDIRECT_URI, state: "s", codeChallenge: pkce.challenge }),
        admin,
      );
      const refused = await tandem
        .completeAuthorization({
          code: redirect.searchParams.get("code") ?? "",
          redirectUri: REDIRECT_URI,
          codeVerifier: (await createPkcePair()).verifier,
        })
        .then(
          () => assert.fail("a wrong verifier was accepted"),
          (error: unknown) => error,
        );
      assert.ok(refused instanceof TandemError);
      assert.equal(refused.status, 400);
      assert.equal(refused.code, "invalid_grant");
    });

    it("refreshes a token about to expire once for ten concurrent calls", async () => {
      const before = await store.get(businessUid);
      assert.ok(before?.refreshToken);
      // Inside the minute before expiry, where the SDK renews rather than send a dying token.
      await store.set(businessUid, { ...before, expiresAt: Date.now() + 30_000 });
      const counting = countingFetch();
      const tandem: Tandem = scenario.sdk({ tokenStore: store, fetch: counting.fetch });
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => tandem.forBusiness(businessUid).channels.list()),
      );
      console.log(`# ten calls with one refresh: ${Math.round(performance.now() - started)} ms`);
      assert.equal(counting.count("POST /oauth/token"), 1);
      assert.equal(counting.count("GET /business/communication/channels"), 10);
      for (const answer of answers) assert.equal(answer.channels.length, 1);
      const after = await store.get(businessUid);
      assert.ok(after && after.accessToken !== before.accessToken);
      assert.ok(
        after.refreshToken && after.refreshToken !== before.refreshToken,
        "the refresh token rotated",
      );
      assert.ok(after.expiresAt > Date.now() + 30 * 60_000);
    });

    it("renews a token Tandem refuses (401) once for concurrent calls, and carries on", async () => {
      const counting = countingFetch();
      const appStore = new MemoryTokenStore();
      const tandem = scenario.sdk({ tokenStore: appStore, fetch: counting.fetch });
      const acting = tandem.forBusiness(scenario.businessUid);
      await acting.channels.list();
      const refused = await appStore.get(APP_TOKEN_KEY);
      assert.ok(refused);
      // Revoked, yet unexpired in the store: only Tandem's 401 tells the SDK.
      await tandem.oauth.revoke(refused.accessToken);
      const answers = await Promise.all(Array.from({ length: 5 }, () => acting.channels.list()));
      for (const answer of answers) assert.deepEqual(answer.channels, []);
      assert.equal(counting.count("POST /oauth/token"), 2, "the first token, then one renewal");
      assert.notEqual((await appStore.get(APP_TOKEN_KEY))?.accessToken, refused.accessToken);
    });

    it("forgets tokens whose refresh token Tandem no longer honours", async () => {
      const tandem = scenario.sdk({ tokenStore: store });
      const current = await store.get(businessUid);
      assert.ok(current);
      await store.set(businessUid, {
        ...current,
        refreshToken: "not-a-refresh-token",
        expiresAt: Date.now() - 1,
      });
      const refused = await tandem
        .forBusiness(businessUid)
        .channels.list()
        .then(
          () => assert.fail("an unusable refresh token went unnoticed"),
          (error: unknown) => error,
        );
      assert.ok(refused instanceof TandemError);
      assert.equal(refused.code, "invalid_grant");
      assert.equal(await store.get(businessUid), undefined);
    });

    it("answers a clear TandemError for wrong client credentials", async () => {
      const tandem = scenario.sdk({ clientSecret: "tcs_wrong" });
      const refused = await tandem.channels.list().then(
        () => assert.fail("a wrong client secret was accepted"),
        (error: unknown) => error,
      );
      assert.ok(refused instanceof TandemError);
      assert.equal(refused.status, 401);
      assert.equal(refused.code, "invalid_client");
    });
  });
}
