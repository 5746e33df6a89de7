import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { call, eventually, type JsonObject, spawnTandem, type TandemProcess } from "@tandem/test-support";
import { bundleServer } from "../../scripts/bundle.mjs";
import { DEMO_EMAIL } from "../../src/domain/demo.js";

const PACKAGE = join(import.meta.dirname, "../..");
const SANDBOX_PAGE = join(PACKAGE, "../sandbox/dist/page/index.html");
const directoryToken = `tdir_${randomBytes(12).toString("hex")}`;

/** What a newcomer does after `npm install && npm start`: the bundle, a fresh data folder, the demo on. */
const asNpmStart = (dataDir: string, demo: boolean) => ({
  TANDEM_DATA_DIR: dataDir,
  TANDEM_DIRECTORY_TOKEN: directoryToken,
  TANDEM_DEMO: String(demo),
  NODE_ENV: "development",
});

const sandboxApi = async (url: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${url}/sandbox/api${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as JsonObject };
};

describe("npm start", () => {
  mkdirSync(join(PACKAGE, "dist"), { recursive: true });
  const outdir = mkdtempSync(join(PACKAGE, "dist", ".start-test-"));
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-start-"));
  const bareDir = mkdtempSync(join(tmpdir(), "tandem-start-bare-"));
  let main = "";
  let server: TandemProcess;

  before(async () => {
    main = await bundleServer(outdir);
    server = await spawnTandem(asNpmStart(dataDir, true), undefined, main);
  });

  after(async () => {
    await server?.kill();
    rmSync(outdir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(bareDir, { recursive: true, force: true });
  });

  // Tandem is ready first; the sandbox sets itself up right after, over Tandem's API.
  const sandboxReady = (url: string) =>
    eventually(
      async () => (await sandboxApi(url, "GET", "/state")).body.status?.ready === true,
      20_000,
      "the sandbox to set itself up",
    );

  it("serves the conversation page at / and the sandbox's phones at /sandbox", async () => {
    await sandboxReady(server.url);
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    const phones = await fetch(`${server.url}/sandbox`);
    assert.equal(phones.status, 200);
    const html = await phones.text();
    if (existsSync(SANDBOX_PAGE)) assert.equal(html, readFileSync(SANDBOX_PAGE, "utf8"));
    else assert.match(html, /has not been built/);
    assert.match(server.output(), /Sandbox phones: {2}http:\/\/127\.0\.0\.1:\d+\/sandbox/);
  });

  it("carries a conversation both ways with no other step: the phone writes, staff answer, the phone reads", async () => {
    await sandboxReady(server.url);
    const { contact } = (
      await sandboxApi(server.url, "POST", "/contacts", { name: "Newcomer Test", phone: "+15550199" })
    ).body;
    const sent = await sandboxApi(server.url, "POST", `/contacts/${contact.id}/messages`, {
      text: "Anyone there?",
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));

    // Staff sign in with the demo's sign-in, which npm start printed and keeps in the data folder.
    const password = readFileSync(join(dataDir, "demo-password"), "utf8").trim();
    assert.match(server.output(), new RegExp(`${DEMO_EMAIL} / ${password}`));
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: DEMO_EMAIL, password }),
    });
    assert.equal(login.status, 200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const staff = (method: string, path: string, body?: unknown) =>
      call(server.url, method, path, body, { cookie });

    const conversation = await eventually(async () =>
      ((await staff("GET", "/api/conversations")).body.data.conversations as JsonObject[]).find(
        (entry) => entry.last_message?.message === "Anyone there?",
      ),
    );
    const [choice] = (await staff("GET", `/api/conversations/${conversation.client_uid}/channels`)).body.data
      .channels as JsonObject[];
    assert.equal(choice?.display_name, "Sandbox");
    assert.equal(choice?.available, true);
    const reply = await staff("POST", `/api/conversations/${conversation.client_uid}/messages`, {
      channel_uid: choice?.channel_uid,
      message: "Yes! How can we help?",
    });
    assert.equal(reply.status, 201);
    const uid = reply.body.data.message.uid as string;

    const onPhone = await eventually(async () =>
      ((await sandboxApi(server.url, "GET", "/state")).body.messages as JsonObject[]).find(
        (message) => message.id === uid,
      ),
    );
    assert.equal(onPhone.text, "Yes! How can we help?");
    await eventually(
      async () =>
        (await staff("GET", `/api/conversations/${conversation.client_uid}/messages`)).body.data.messages[0]
          .status === "read",
      10_000,
      "the phone to report read",
    );
  });

  it("sets the sandbox up again on a restart, without a second app", async () => {
    await server.kill("SIGTERM");
    server = await spawnTandem(asNpmStart(dataDir, true), undefined, main);
    await sandboxReady(server.url);
    const apps = (await call(server.url, "GET", "/platform/v1/apps", undefined, { token: directoryToken }))
      .body.data.apps as JsonObject[];
    assert.deepEqual(
      apps.map((app) => app.name),
      ["Sandbox"],
    );
  });

  it("leaves the sandbox out with TANDEM_DEMO=false: no app registered, /sandbox is 404", async () => {
    const bare = await spawnTandem(asNpmStart(bareDir, false), undefined, main);
    try {
      const phones = await fetch(`${bare.url}/sandbox`);
      assert.equal(phones.status, 404);
      assert.equal((await fetch(`${bare.url}/sandbox/api/state`)).status, 404);
      const apps = await call(bare.url, "GET", "/platform/v1/apps", undefined, { token: directoryToken });
      assert.deepEqual(apps.body.data.apps, []);
      assert.doesNotMatch(bare.output(), /Sandbox/);
    } finally {
      await bare.kill();
    }
  });
});
