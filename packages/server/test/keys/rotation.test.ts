import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  type Acknowledged,
  assertAllDelivered,
  call,
  DIALECTS,
  eventually,
  POSTGRES_URL,
  remoteConversations,
  remoteTenant,
  sharedSchema,
  staffSend,
  startRefused,
  type TandemProcess,
  TEST_SECRET_KEY,
  WebhookReceiver,
} from "@tandem/test-support";
import pg from "pg";
import { SecretBox } from "../../src/auth/secrets.js";

const CLI = join(import.meta.dirname, "../../src/cli/main.ts");
const KEY_A = TEST_SECRET_KEY;
const KEY_B = randomBytes(32).toString("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The command line as its own process, without blocking this one (the sends go on meanwhile). */
function runCli(env: Record<string, string>, ...args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("close", (status) => resolve({ status, stdout, stderr })),
  );
}

/**
 * SPEC §9: moving a PostgreSQL database to a new TANDEM_SECRET_KEY while it serves. Two processes
 * on key A, staff sending all along; each restarted on key B with A as the previous key; then
 * `tandem secrets:reencrypt` (with the app's webhook secret rotated by the API while it runs).
 * Afterwards a process with key B alone works, one with key A alone is refused, and every
 * acknowledged message reached the app signed with its webhook secret.
 */
describe("rotating the secret key with processes running on postgres", {
  skip: !DIALECTS.includes("postgres"),
}, () => {
  const shared = sharedSchema("rotation", {
    TANDEM_WEBHOOK_LEASE_MS: "3000",
    TANDEM_WEBHOOK_TIMEOUT_MS: "2000",
  });
  const receiver = new WebhookReceiver();
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  after(async () => {
    await receiver.close();
    await admin.end();
  });
  const keyA = new SecretBox(Buffer.from(KEY_A, "hex"));
  const keyB = new SecretBox(Buffer.from(KEY_B, "hex"));
  const sealedSecrets = async () =>
    (
      await admin.query(`select webhook_secret_enc, previous_webhook_secret_enc from "${shared.schema}".apps`)
    ).rows.flatMap((row: Record<string, string | null>) =>
      [row.webhook_secret_enc, row.previous_webhook_secret_enc].filter((sealed) => sealed !== null),
    ) as string[];
  const keyState = async () =>
    (await admin.query(`select sealing, draining from "${shared.schema}".secret_key_state`)).rows;

  it("re-encrypts online, loses no message, and then refuses the old key", { timeout: 300_000 }, async () => {
    await admin.connect();
    await receiver.start();
    const running: TandemProcess[] = [await shared.start(), await shared.start()];
    const first = running[0] as TandemProcess;
    const tenant = await remoteTenant(first.url, shared.directoryToken, receiver, "Rotation");
    const { channelUid, clientUids } = await remoteConversations(
      first.url,
      shared.directoryToken,
      receiver,
      tenant,
      4,
    );
    const appSecrets: string[] = [tenant.app.webhook_secret];
    const rotateWebhookSecret = async (through: TandemProcess) => {
      const rotated = await call(
        through.url,
        "POST",
        `/platform/v1/apps/${tenant.app.app_id}/secrets/rotate`,
        { type: "webhook" },
        { token: shared.directoryToken },
      );
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      // Processes may sign with the secrets they read just before (their app directory's short
      // cache), so the app accepts every secret it was given.
      appSecrets.push(rotated.body.data.webhook_secret);
      receiver.useSecrets(appSecrets);
    };

    const acknowledged: Acknowledged[] = [];
    let sending = true;
    let turn = 0;
    const senders = clientUids.map(async (clientUid) => {
      while (sending) {
        const target = running[turn++ % running.length] as TandemProcess;
        const sent = await staffSend(target.url, tenant.staffToken, channelUid, clientUid, `m${turn}`);
        if (sent) acknowledged.push(sent);
        await sleep(20);
      }
    });
    const moreAcknowledged = async (count: number) => {
      const target = acknowledged.length + count;
      while (acknowledged.length < target) await sleep(50);
    };
    await moreAcknowledged(20);

    // Restarted one by one, gracefully, while the other serves the sends.
    const rotating = { TANDEM_SECRET_KEY: KEY_B, TANDEM_SECRET_KEY_PREVIOUS: KEY_A };
    for (let index = 0; index < running.length; index++) {
      const old = running[index] as TandemProcess;
      running[index] = running.find((process) => process !== old) as TandemProcess;
      await old.kill("SIGTERM");
      running[index] = await shared.start(rotating);
      await moreAcknowledged(10);
      if (index === 0) {
        // A process on the old key alone still runs: a secret sealed now must be one it can open.
        await rotateWebhookSecret(running[0] as TandemProcess);
        for (const sealed of await sealedSecrets()) assert.equal(keyA.needsResealing(sealed), false);
      }
    }

    const reencrypting = runCli(shared.envFor(rotating), "secrets:reencrypt", "--json");
    while ((await keyState())[0]?.draining === null) await sleep(50);
    // Right after the sealing key moved, before every process has seen it: compare-and-set on both sides.
    await rotateWebhookSecret(running[1] as TandemProcess);
    const reencrypted = await reencrypting;
    assert.equal(reencrypted.status, 0, reencrypted.stderr);
    const result = JSON.parse(reencrypted.stdout);
    assert.ok(result.resealed >= 2, reencrypted.stdout);

    const newOnly = await shared.start({ TANDEM_SECRET_KEY: KEY_B });
    running.push(newOnly);
    await moreAcknowledged(10);

    const refused = await startRefused(shared.envFor({ TANDEM_SECRET_KEY: KEY_A }));
    assert.equal(refused.code, 2, refused.output);
    assert.match(refused.output, /TANDEM_SECRET_KEY does not match/);

    sending = false;
    await Promise.all(senders);
    const { repeats } = await assertAllDelivered(receiver, acknowledged, 60_000);
    for (const process of running) assert.equal((await fetch(`${process.url}/readyz`)).status, 200);

    // Every sealed value names key B, and the database no longer needs key A.
    for (const sealed of await sealedSecrets()) assert.equal(keyB.needsResealing(sealed), false);
    assert.deepEqual(await keyState(), [{ sealing: keyB.currentFingerprint, draining: null }]);
    console.log(
      `rotation: ${acknowledged.length} acknowledged, all delivered (${repeats} repeats under their webhook-id); ` +
        `reencrypt resealed ${result.resealed} values in ${result.passes} passes`,
    );
  });
});

describe("a process left on the old key after a re-encryption", {
  skip: !DIALECTS.includes("postgres"),
}, () => {
  const shared = sharedSchema("leftbehind");

  it("says so on /readyz", { timeout: 120_000 }, async () => {
    const oldKeyOnly = await shared.start();
    const reencrypted = await runCli(
      shared.envFor({ TANDEM_SECRET_KEY: KEY_B, TANDEM_SECRET_KEY_PREVIOUS: KEY_A }),
      "secrets:reencrypt",
    );
    assert.equal(reencrypted.status, 0, reencrypted.stderr);
    const answer = await eventually(
      async () => {
        const readiness = await call(oldKeyOnly.url, "GET", "/readyz");
        return readiness.status === 503 ? readiness : null;
      },
      10_000,
      "/readyz to report the key",
    );
    assert.equal(answer.body.status, "secret key does not fit the database");
    assert.match(answer.body.reason, /TANDEM_SECRET_KEY does not match/);
  });
});
