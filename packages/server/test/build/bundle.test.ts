import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  call,
  DIALECTS,
  dropSchema,
  POSTGRES_URL,
  remoteTenant,
  spawnTandem,
  type TandemProcess,
  WebhookReceiver,
} from "@tandem/test-support";
import { bundleServer } from "../../scripts/bundle.mjs";
import { WEB_DIST } from "../../src/http/web-app.js";

const PACKAGE = join(import.meta.dirname, "../..");
const directoryToken = `tdir_${randomBytes(12).toString("hex")}`;
const baseEnv = {
  TANDEM_DIRECTORY_TOKEN: directoryToken,
  TANDEM_SECRET_KEY: "6".repeat(64),
  TANDEM_ALLOW_PRIVATE_WEBHOOKS: "true",
};

/**
 * `npm start` runs the server bundled (scripts/bundle.mjs), while every other suite runs its
 * sources. This runs the bundle itself through what is loaded apart from it, or found beside it:
 * the reference UI's files, the page's build, undici for a signed webhook, the OAuth server's
 * chunk, and the PostgreSQL dialect's.
 */
describe("the bundled server", () => {
  // Two folders below the package, as dist/bundle is, so it finds the page's build the same way.
  mkdirSync(join(PACKAGE, "dist"), { recursive: true });
  const outdir = mkdtempSync(join(PACKAGE, "dist", ".bundle-test-"));
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-bundle-"));
  const receiver = new WebhookReceiver();
  let main = "";
  let server: TandemProcess;

  before(async () => {
    main = await bundleServer(outdir);
    await receiver.start();
    server = await spawnTandem({ ...baseEnv, TANDEM_DATA_DIR: dataDir }, undefined, main);
  });

  after(async () => {
    await server?.kill();
    await receiver.close();
    rmSync(outdir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves the API reference, its UI's own files and the page", async () => {
    const spec = (await call(server.url, "GET", "/openapi.json")).body as { paths?: object };
    assert.ok(spec.paths && "/business/communication/messages" in spec.paths);
    const docs = await fetch(`${server.url}/docs/static/index.html`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);

    const page = await (await fetch(`${server.url}/`)).text();
    const built = join(WEB_DIST, "index.html");
    if (existsSync(built)) assert.equal(page, readFileSync(built, "utf8"));
    else assert.match(page, /has not been built/);
  });

  it("sends a signed webhook with the HTTP client it loads after listening", async () => {
    const tenant = await remoteTenant(server.url, directoryToken, receiver, "Bundle");
    const channel = (
      await call(
        server.url,
        "POST",
        "/business/communication/channels",
        { business_uid: tenant.businessUid, type: "transactional" },
        { token: tenant.appToken },
      )
    ).body.data.channel;
    const hook = await receiver.waitFor((webhook) => webhook.path === `/channels/${channel.uid}`, 10_000);
    assert.equal(hook.signatureValid, true);
  });

  it("loads the OAuth server on its first request", async () => {
    const discovery = await call(server.url, "GET", "/.well-known/openid-configuration");
    assert.equal(discovery.status, 200);
    assert.match(String(discovery.body.token_endpoint), /\/oauth\/token$/);
  });

  it("starts on PostgreSQL", { skip: !DIALECTS.includes("postgres") }, async () => {
    const schema = `bundle_${randomBytes(5).toString("hex")}`;
    const onPostgres = await spawnTandem(
      { ...baseEnv, TANDEM_DATA_DIR: dataDir, DATABASE_URL: `${POSTGRES_URL}?schema=${schema}` },
      undefined,
      main,
    );
    try {
      const created = await call(
        onPostgres.url,
        "POST",
        "/platform/v1/businesses",
        {
          name: "On Postgres",
          admin: { email: "pg@shop.test", display_name: "Pat", password: "a long password" },
        },
        { token: directoryToken },
      );
      assert.equal(created.status, 201);
    } finally {
      await onPostgres.kill();
      await dropSchema(schema);
    }
  });
});
