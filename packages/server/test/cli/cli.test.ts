import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  client,
  DIALECTS,
  dropSchema,
  eventually,
  freePort,
  POSTGRES_URL,
  spawnTandem,
  type TandemProcess,
  TEST_SECRET_KEY,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";

const CLI = join(import.meta.dirname, "../../src/cli/main.ts");
// By its full address: the commands run in empty folders, where `tsx` alone would not resolve.
const TSX = import.meta.resolve("tsx");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without any of Tandem's own settings, so each test gives exactly those it means. */
const bareEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith("TANDEM_") && name !== "DATABASE_URL" && name !== "PORT",
    ),
  );

/** `tandem …` as a real process, in `cwd`; asynchronous, so this process's receiver answers meanwhile. */
function tandem(env: Record<string, string>, cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", TSX, CLI, ...args],
      { env: { ...bareEnv(), ...env }, cwd, encoding: "utf8" },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

function succeeded(run: Run): string {
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/**
 * The cell of a printed table under the column `name`, in the row holding `value`: read at the
 * column's start up to the next gap, so it is the whole cell only when the columns line up.
 */
function cellOf(table: string, value: string, name: string): string {
  const [header = "", ...rows] = table.trim().split("\n");
  const row = rows.find((line) => line.includes(value));
  assert.ok(row, `no row with ${value} in:\n${table}`);
  const start = new RegExp(`(?<=^|\\s)${name}(?=\\s|$)`).exec(header)?.index;
  assert.ok(start !== undefined, `no column ${name} in ${header}`);
  return row.slice(start).split(/\s{2,}/)[0] ?? "";
}

/**
 * The operator's commands are clients of a running Tandem: the real server started by `tandem
 * start`, the real command line against it. They never touch storage, so SQLite alone serves.
 */
describe("the operator's tandem commands against a running Tandem", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-cli-data-"));
  const emptyFolder = mkdtempSync(join(tmpdir(), "tandem-cli-cwd-"));
  const receiver = new WebhookReceiver();
  let server: TandemProcess;
  let token: string;
  let operator: Record<string, string>;
  let appId: string;
  let businessUid: string;
  const codeName = unique("LineApp");
  const run = (...args: string[]) => tandem(operator, emptyFolder, ...args);
  const json = async (...args: string[]) => JSON.parse(succeeded(await run(...args, "--json")));

  before(async () => {
    await receiver.start();
    server = await spawnTandem(
      {
        TANDEM_DATA_DIR: dataDir,
        TANDEM_DIRECTORY_TOKEN: "",
        DATABASE_URL: "",
        TANDEM_SECRET_KEY: "",
        TANDEM_WEBHOOK_RETRY_SCHEDULE: "0,0.2",
        TANDEM_WEBHOOK_TIMEOUT_MS: "2000",
      },
      undefined,
      CLI,
      ["start"],
    );
    token = readFileSync(join(dataDir, "directory-token"), "utf8").trim();
    // The token in the environment, and no data folder: the commands need none.
    operator = { TANDEM_URL: server.url, TANDEM_DIRECTORY_TOKEN: token };
  });
  after(async () => {
    await server.kill("SIGTERM");
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(emptyFolder, { recursive: true, force: true });
  });

  it("creates an app, a business and staff, installs the app and mints a token", async () => {
    const { app } = await json(
      "apps:create",
      "--name",
      "Line App",
      "--code-name",
      codeName,
      "--redirect-uri",
      "https://example.com/cb",
      "--api-uri",
      receiver.baseUrl,
      "--trusted",
    );
    appId = app.app_id;
    assert.equal(app.app_code_name, codeName);
    assert.equal(app.trusted, true);
    assert.match(app.webhook_secret, /^whsec_/);
    receiver.useSecret(app.webhook_secret);

    const created = succeeded(
      await run(
        "businesses:create",
        "--name",
        "Shop",
        "--admin-email",
        "owner@shop.test",
        "--admin-password",
        "long enough pass",
      ),
    );
    businessUid = /^uid:\s+(\S+)$/m.exec(created)?.[1] ?? "";
    assert.match(businessUid, /^[0-9a-f-]{36}$/, created);
    assert.match(created, /^role:\s+admin$/m);

    const staff = succeeded(
      await run(
        "staff:create",
        "--business",
        businessUid,
        "--email",
        "clerk@shop.test",
        "--password",
        "long enough pass",
      ),
    );
    assert.match(staff, /^email:\s+clerk@shop\.test$/m);
    assert.match(staff, /^role:\s+staff$/m);

    const installed = await json("install", "--business", businessUid, "--app", codeName);
    assert.deepEqual(installed.installation, {
      business_uid: businessUid,
      app_id: appId,
      app_code_name: codeName,
    });
    const minted = await json("tokens:mint", "--app", appId, "--business", businessUid);
    assert.match(minted.token, /^tapp_/);
    assert.equal(
      existsSync(join(emptyFolder, "data")),
      false,
      "no data folder was made where the commands ran",
    );
  });

  it("lists as aligned tables, and as the API's own data with --json", async () => {
    const apps = succeeded(await run("apps:list"));
    assert.match(apps, /^app_id\s+app_code_name\s+name\s+app_type\s+api_uri/);
    assert.equal(cellOf(apps, codeName, "app_code_name"), codeName);
    assert.equal(cellOf(apps, codeName, "name"), "Line App");
    assert.equal(cellOf(apps, codeName, "trusted"), "true");
    assert.match(apps, /^page 1 of 1 \(1 in all, 25 a page\)$/m);

    const staff = succeeded(await run("staff:list", "--business", businessUid));
    assert.equal(cellOf(staff, "clerk@shop.test", "role"), "staff");

    const directory = client(server.url, token);
    for (const [command, path] of [
      ["apps:list", "/platform/v1/apps"],
      ["businesses:list", "/platform/v1/businesses"],
    ] as const) {
      assert.deepEqual(await json(command), (await directory.get(path)).body.data, command);
    }
  });

  it("answers with the API's refusals, naming the field, and exits 1", async () => {
    const shortPassword = await run(
      "staff:create",
      "--business",
      businessUid,
      "--email",
      "short@shop.test",
      "--password",
      "x",
    );
    assert.equal(shortPassword.status, 1);
    assert.match(shortPassword.stderr, /answered 422 \(request [\w-]+\)/);
    assert.match(shortPassword.stderr, /\[invalid\] password: /);
    assert.equal(shortPassword.stdout, "");

    const badStatus = await run("deliveries:list", "--app", appId, "--status", "nope", "--json");
    assert.equal(badStatus.status, 1);
    const refusal = JSON.parse(badStatus.stderr);
    assert.equal(refusal.status, 422);
    assert.equal(refusal.errors[0].field, "status");
    assert.match(refusal.request_id, /\S/);

    const missing = await run("deliveries:show", "01a00000-0000-7000-8000-000000000000");
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /answered 404/);

    const stranger = await tandem(
      { ...operator, TANDEM_DIRECTORY_TOKEN: "tdir_wrong" },
      emptyFolder,
      "apps:list",
    );
    assert.equal(stranger.status, 1);
    assert.match(stranger.stderr, /answered 401/);
  });

  it("shows, retries and recovers an app's failed deliveries", async () => {
    receiver.answerWith(() => ({ status: 500, body: "down for maintenance" }));
    const app = client(
      server.url,
      (await json("tokens:mint", "--app", appId, "--business", businessUid)).token,
    );
    const channel = await app.post("/business/communication/channels", {
      business_uid: businessUid,
      type: "transactional",
    });
    assert.equal(channel.status, 201, JSON.stringify(channel.body));
    const failed = await eventually(
      async () => (await json("deliveries:list", "--app", appId, "--status", "failed")).deliveries[0],
      30_000,
      "the channel's webhook to fail",
    );

    const listed = succeeded(await run("deliveries:list", "--app", appId));
    assert.equal(cellOf(listed.split("\n\n")[0] ?? "", failed.uid, "state"), "failed");
    const shown = succeeded(await run("deliveries:show", failed.uid));
    assert.match(shown, /^state:\s+failed$/m);
    const attempts = shown.slice(shown.indexOf("\nattempts\n") + "\nattempts\n".length);
    assert.equal(cellOf(attempts, "down for maintenance", "status"), "500");

    receiver.answerWith(() => ({ status: 204 }));
    const retried = succeeded(await run("deliveries:retry", failed.uid));
    assert.match(retried, new RegExp(`^webhook_id:\\s+${failed.webhook_id}$`, "m"));
    await eventually(
      async () => (await json("deliveries:show", failed.uid)).delivery.status === "succeeded",
      30_000,
      "the retried delivery to succeed",
    );
    assert.match(
      succeeded(await run("deliveries:recover", "--app", appId, "--since", "2000-01-01")),
      /^recovered: 0$/m,
    );
  });

  it("reads the directory token from the server's data folder", async () => {
    const fromFolder = await tandem(
      { TANDEM_URL: server.url, TANDEM_DATA_DIR: dataDir },
      emptyFolder,
      "apps:list",
    );
    assert.match(succeeded(fromFolder), new RegExp(codeName));
  });

  it("without a token, says where it looked, exits 2 and creates no ./data", async () => {
    const noToken = await tandem({ TANDEM_URL: server.url }, emptyFolder, "apps:list");
    assert.equal(noToken.status, 2);
    assert.match(noToken.stderr, /no directory token: set TANDEM_DIRECTORY_TOKEN/);
    assert.ok(noToken.stderr.includes(join(emptyFolder, "data", "directory-token")), noToken.stderr);
    assert.equal(existsSync(join(emptyFolder, "data")), false);
  });

  it("names the address it could not reach, and exits 1", async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await run("apps:list", "--url", nowhere);
    assert.equal(unreachable.status, 1);
    assert.match(unreachable.stderr, new RegExp(`cannot reach Tandem at ${nowhere} \\(.*ECONNREFUSED`));
  });

  it("explains a wrong call and exits 2; help exits 0", async () => {
    const missingFlag = await run("apps:create", "--name", "No Redirect");
    assert.equal(missingFlag.status, 2);
    assert.match(missingFlag.stderr, /--redirect-uri is required/);
    assert.match(missingFlag.stderr, /tandem help apps:create/);
    const unknown = await run("apps:destroy");
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "apps:destroy"/);
    assert.equal((await run("deliveries:show")).status, 2, "the delivery uid is missing");
    assert.equal((await run("apps:list", "--page", "two")).status, 2);

    const help = succeeded(await run("help"));
    for (const command of ["apps:create", "staff:create", "deliveries:recover", "migrate", "check-app"]) {
      assert.match(help, new RegExp(`tandem ${command}\\b`));
    }
    assert.match(succeeded(await run("deliveries:list", "--help")), /--app APP_ID .*--status/);
  });
});

/** The commands that open the database themselves, on each database. */
for (const dialect of DIALECTS) {
  describe(`the tandem database commands on ${dialect}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tandem-cli-db-"));
    const schema = `cli_${randomBytes(5).toString("hex")}`;
    const env = {
      TANDEM_DATA_DIR: dataDir,
      ...(dialect === "postgres"
        ? { DATABASE_URL: `${POSTGRES_URL}?schema=${schema}`, TANDEM_SECRET_KEY: TEST_SECRET_KEY }
        : {}),
    };

    after(async () => {
      rmSync(dataDir, { recursive: true, force: true });
      if (dialect === "postgres") await dropSchema(schema);
    });

    it("migrates, then finds the database up to date", async () => {
      assert.match(succeeded(await tandem(env, dataDir, "migrate")), /^applied: 0001_initial/);
      assert.equal(succeeded(await tandem(env, dataDir, "migrate")), "the database is up to date\n");
    });

    it("re-encrypts secrets, as a table or as JSON", async () => {
      assert.match(succeeded(await tandem(env, dataDir, "secrets:reencrypt")), /^resealed:\s+0$/m);
      const result = JSON.parse(succeeded(await tandem(env, dataDir, "secrets:reencrypt", "--json")));
      assert.deepEqual(result.unreadable, []);
    });
  });
}
