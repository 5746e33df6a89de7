import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { DIALECTS, sealedInFirstFormat, storageForSuite } from "@tandem/test-support";
import { reencryptSecrets } from "../../src/auth/reencrypt.js";
import { checkSecretKey, readKeyState } from "../../src/auth/secret-key-state.js";
import { SecretBox } from "../../src/auth/secrets.js";
import { newUid, nowIso } from "../../src/clock.js";
import { ConfigError } from "../../src/config.js";

const keyA = randomBytes(32);
const keyB = randomBytes(32);

for (const dialect of DIALECTS) {
  describe(`the database's secret key state on ${dialect}`, () => {
    const storage = storageForSuite(dialect, "keystate");

    async function insertApp(webhookSecret: string, previous: string | null): Promise<string> {
      const id = newUid();
      const now = nowIso();
      await storage()
        .db.insertInto("apps")
        .values({
          id,
          code_name: `App${id.replace(/-/g, "")}`,
          name: "App",
          app_type: '["communication"]',
          redirect_uri: "http://127.0.0.1:1/cb",
          api_uri: null,
          trusted: 0,
          url_params: "[]",
          scopes: "[]",
          app_layer: null,
          open_channel: 0,
          client_id: id,
          client_secret_hash: "x",
          client_secret_version: 1,
          webhook_secret_enc: webhookSecret,
          previous_webhook_secret_enc: previous,
          previous_webhook_secret_until: previous ? now : null,
          failing_since: null,
          unreachable: 0,
          last_success_at: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })
        .execute();
      return id;
    }

    it("records the first key, then refuses another and seals with the recorded one during a rotation", async () => {
      const { db } = storage();
      await checkSecretKey(db, new SecretBox(keyA));
      const recorded = await readKeyState(db);
      assert.equal(recorded?.sealing, new SecretBox(keyA).currentFingerprint);
      assert.equal(recorded?.draining, null);
      assert.ok(!JSON.stringify(recorded).includes(keyA.toString("hex")), "the key itself is never stored");

      await checkSecretKey(db, new SecretBox(keyA));
      await assert.rejects(
        checkSecretKey(db, new SecretBox(keyB)),
        (error) => error instanceof ConfigError && /TANDEM_SECRET_KEY does not match/.test(error.message),
      );
      const rotating = new SecretBox(keyB, keyA);
      await checkSecretKey(db, rotating);
      assert.equal(rotating.sealingFingerprint, new SecretBox(keyA).currentFingerprint);
      assert.equal(new SecretBox(keyA).open(rotating.seal("whsec_x")), "whsec_x");
    });

    it("re-encrypts every sealed value, of either format, to the new key, then needs the old one no more", async () => {
      const { db } = storage();
      const plain = Array.from({ length: 7 }, (_, index) => `whsec_${index}`);
      const apps = new Map<string, [string, string]>();
      for (let index = 0; index < plain.length; index += 2) {
        const current = plain[index] as string;
        const previous = plain[index + 1] ?? current;
        const id = await insertApp(
          new SecretBox(keyA).seal(current),
          index === 0 ? sealedInFirstFormat(keyA, previous) : new SecretBox(keyA).seal(previous),
        );
        apps.set(id, [current, previous]);
      }

      // Sealed with a key this database never recorded: nobody can open it, and the operator is told.
      const lost = await insertApp(new SecretBox(randomBytes(32)).seal("whsec_lost"), null);

      const rotating = new SecretBox(keyB, keyA);
      await checkSecretKey(db, rotating);
      await assert.rejects(
        reencryptSecrets(db, new SecretBox(keyB)),
        ConfigError,
        "the old key is needed to move",
      );
      const first = await reencryptSecrets(db, rotating, { batchSize: 2 });
      assert.equal(first.resealed, apps.size * 2);
      assert.deepEqual(first.unreadable, [{ app_id: lost, column: "webhook_secret_enc" }]);

      const newOnly = new SecretBox(keyB);
      await checkSecretKey(db, newOnly);
      await assert.rejects(checkSecretKey(db, new SecretBox(keyA)), ConfigError);
      const rows = await db
        .selectFrom("apps")
        .select(["id", "webhook_secret_enc", "previous_webhook_secret_enc"])
        .execute();
      for (const row of rows.filter((app) => app.id !== lost)) {
        const [current, previous] = apps.get(row.id) ?? [];
        assert.equal(newOnly.open(row.webhook_secret_enc), current);
        assert.equal(newOnly.open(row.previous_webhook_secret_enc ?? ""), previous);
      }
      assert.deepEqual(
        await reencryptSecrets(db, rotating),
        { resealed: 0, passes: 1, unreadable: first.unreadable },
        "idempotent",
      );
    });

    it("while values are being moved, a process needs the previous key too; an interrupted move resumes", async () => {
      const { db } = storage();
      const keyC = randomBytes(32);
      await db
        .updateTable("secret_key_state")
        .set({
          sealing: new SecretBox(keyC).currentFingerprint,
          draining: new SecretBox(keyB).currentFingerprint,
        })
        .execute();
      await assert.rejects(
        checkSecretKey(db, new SecretBox(keyC)),
        (error) => error instanceof ConfigError && /TANDEM_SECRET_KEY_PREVIOUS/.test(error.message),
      );
      const resuming = new SecretBox(keyC, keyB);
      await checkSecretKey(db, resuming);

      // As if `tandem secrets:reencrypt` had stopped right after moving the sealing key: run again, it finishes.
      const resumed = await reencryptSecrets(db, resuming);
      assert.ok(resumed.resealed > 0);
      assert.equal((await readKeyState(db))?.draining, null);
      await checkSecretKey(db, new SecretBox(keyC));
    });
  });
}
