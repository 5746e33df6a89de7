import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DIALECTS, dropSchema, POSTGRES_URL, TEST_SECRET_KEY } from "@tandem/test-support";

const CLI = join(import.meta.dirname, "../../src/cli/main.ts");

/** The operator's `tandem` command, run as a real process against a real database. */
for (const dialect of DIALECTS) {
  describe(`the tandem command line on ${dialect}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tandem-cli-"));
    const schema = `cli_${randomBytes(5).toString("hex")}`;
    const env = {
      ...process.env,
      TANDEM_DATA_DIR: dataDir,
      ...(dialect === "postgres"
        ? { DATABASE_URL: `${POSTGRES_URL}?schema=${schema}`, TANDEM_SECRET_KEY: TEST_SECRET_KEY }
        : { DATABASE_URL: "" }),
    };
    const tandem = (...args: string[]) => {
      const result = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
        env,
        encoding: "utf8",
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const json = (...args: string[]) => {
      const result = tandem(...args);
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout);
    };

    after(async () => {
      rmSync(dataDir, { recursive: true, force: true });
      if (dialect === "postgres") await dropSchema(schema);
    });

    it("migrates, creates an app, a business and staff, installs, mints a token and lists deliveries", () => {
      assert.match(tandem("migrate").stdout, /applied: 0001_initial|up to date/);
      const app = json(
        "apps:create",
        "--name",
        "Line App",
        "--redirect-uri",
        "https://example.com/cb",
        "--api-uri",
        "https://example.com/hooks",
        "--trusted",
      );
      assert.equal(app.app_code_name, "LineApp");
      assert.match(app.webhook_secret, /^whsec_/);
      const created = json(
        "businesses:create",
        "--name",
        "Shop",
        "--admin-email",
        "owner@shop.test",
        "--admin-password",
        "long enough pass",
      );
      assert.equal(created.staff.role, "admin");
      const staff = json(
        "staff:create",
        "--business",
        created.business.uid,
        "--email",
        "clerk@shop.test",
        "--password",
        "long enough pass",
      );
      assert.equal(staff.role, "staff");
      assert.equal(json("install", "--business", created.business.uid, "--app", "LineApp").created, true);
      assert.match(
        json("tokens:mint", "--app", app.app_id, "--business", created.business.uid).token,
        /^tapp_/,
      );
      assert.deepEqual(json("deliveries:list", "--app", app.app_id), []);
      assert.equal(json("apps:list").length, 1);
    });

    it("explains a wrong call and exits 2; a domain refusal exits 1 with the field", () => {
      const usage = tandem("apps:create", "--name", "No Redirect");
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /--redirect-uri is required/);
      const refused = tandem("install", "--business", "nope", "--app", "LineApp");
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /business_uid: business not found/);
    });
  });
}
