import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DIALECTS, sharedSchema, spawnTandem, startRefused, type TandemExited } from "@tandem/test-support";

const CLI = join(import.meta.dirname, "../../src/cli/main.ts");

function assertKeyRefusal(refused: TandemExited, what: RegExp): void {
  assert.equal(refused.code, 2, refused.output);
  assert.match(refused.output, /TANDEM_SECRET_KEY/);
  assert.match(refused.output, what);
  assert.doesNotMatch(refused.output, /Tandem is running/);
}

/**
 * SPEC §9: with DATABASE_URL the key is required and checked against the database at start; the
 * embedded SQLite default generates one into the data folder, which is checked the same way.
 */
describe("one secret key for one PostgreSQL database", { skip: !DIALECTS.includes("postgres") }, () => {
  const shared = sharedSchema("keycheck");

  it("refuses a second process with another key, or with none, before it listens", {
    timeout: 120_000,
  }, async () => {
    const first = await shared.start();
    assert.equal((await fetch(`${first.url}/readyz`)).status, 200);

    const otherKey = await startRefused(
      shared.envFor({ TANDEM_SECRET_KEY: randomBytes(32).toString("hex") }),
    );
    assertKeyRefusal(otherKey, /same TANDEM_SECRET_KEY as the other processes/);

    const noKey = await startRefused(shared.envFor({ TANDEM_SECRET_KEY: "" }));
    assertKeyRefusal(noKey, /required with a PostgreSQL DATABASE_URL/);

    // The operator's command line opens the same database to migrate it, and follows the same rule.
    const command = spawnSync(process.execPath, ["--import", "tsx", CLI, "migrate"], {
      env: { ...process.env, ...shared.envFor({ TANDEM_SECRET_KEY: randomBytes(32).toString("hex") }) },
      encoding: "utf8",
    });
    assert.equal(command.status, 2, command.stderr);
    assert.match(command.stderr, /TANDEM_SECRET_KEY does not match/);

    const second = await shared.start();
    assert.equal((await fetch(`${second.url}/readyz`)).status, 200, "the same key is welcome");
  });
});

describe("the generated key of the embedded SQLite database", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-keycheck-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { TANDEM_DATA_DIR: dataDir, DATABASE_URL: "", TANDEM_SECRET_KEY: "" };

  it("starts with no key at all, and refuses a changed key file", { timeout: 120_000 }, async () => {
    const first = await spawnTandem(env);
    assert.equal((await fetch(`${first.url}/readyz`)).status, 200);
    await first.kill("SIGTERM");
    const keyFile = join(dataDir, "secret-key");
    assert.ok(existsSync(keyFile), "the key was generated into the data folder");
    const generated = readFileSync(keyFile, "utf8");

    writeFileSync(keyFile, `${randomBytes(32).toString("hex")}\n`);
    assertKeyRefusal(await startRefused(env), /secret-key file/);

    writeFileSync(keyFile, generated);
    const again = await spawnTandem(env);
    assert.equal((await fetch(`${again.url}/readyz`)).status, 200, "its own key is welcome back");
    await again.kill("SIGTERM");
  });
});
