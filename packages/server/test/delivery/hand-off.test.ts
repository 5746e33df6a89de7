import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DIALECTS, storageForSuite } from "@tandem/test-support";
import { isoAfter, newUid, nowIso } from "../../src/clock.js";
import type { DeliveryStatus } from "../../src/storage/schema.js";
import { claimNextOfKey } from "../../src/webhooks/claims.js";

/**
 * The hand-off a finished delivery makes to the next of its conversation, inside the transaction
 * that records it: only the earliest unfinished delivery of the key may go, and only when it is due.
 */
for (const dialect of DIALECTS) {
  describe(`hand-off to the next delivery of a conversation on ${dialect}`, () => {
    const suiteStorage = storageForSuite(dialect, "handoff");

    interface Shape {
      status: DeliveryStatus;
      nextAttemptAt?: string;
      leaseUntil?: string | null;
      leasedBy?: string | null;
      expiresAt?: string | null;
    }

    async function queue(orderingKey: string, shapes: Shape[]): Promise<string[]> {
      const uids: string[] = [];
      for (const shape of shapes) {
        const uid = newUid();
        uids.push(uid);
        const now = nowIso();
        await suiteStorage()
          .db.insertInto("deliveries")
          .values({
            uid,
            app_id: "app",
            business_uid: "business",
            event: "message.created",
            method: "POST",
            path: "/messages",
            body: "{}",
            ordering_key: orderingKey,
            status: shape.status,
            attempt_count: 0,
            next_attempt_at: shape.nextAttemptAt ?? now,
            lease_until: shape.leaseUntil ?? null,
            leased_by: shape.leasedBy ?? null,
            last_status_code: null,
            last_error: null,
            expires_at: shape.expiresAt ?? null,
            created_at: now,
            updated_at: now,
            completed_at: null,
          })
          .execute();
      }
      return uids;
    }

    const handOff = (orderingKey: string, workerId = "worker-a") =>
      claimNextOfKey(suiteStorage().db, { orderingKey, now: nowIso(), workerId, leaseMs: 10_000 });

    async function statusOf(uid: string) {
      return suiteStorage()
        .db.selectFrom("deliveries")
        .select(["status", "leased_by"])
        .where("uid", "=", uid)
        .executeTakeFirstOrThrow();
    }

    it("claims the earliest unfinished delivery of the key, leased to the worker, and not a later one", async () => {
      const key = `session-${newUid()}`;
      const [done, first, second] = await queue(key, [
        { status: "succeeded" },
        { status: "pending" },
        { status: "pending" },
      ]);
      const claimed = await handOff(key);
      assert.equal(claimed?.uid, first);
      assert.equal(claimed?.status, "delivering");
      assert.deepEqual(await statusOf(first ?? ""), { status: "delivering", leased_by: "worker-a" });
      assert.deepEqual(await statusOf(second ?? ""), { status: "pending", leased_by: null });
      assert.deepEqual(await statusOf(done ?? ""), { status: "succeeded", leased_by: null });
      // The first is now in flight: nothing more of this key may go until it finishes.
      assert.equal(await handOff(key), null);
    });

    it("leaves a key alone while its earliest delivery waits for its retry time", async () => {
      const key = `session-${newUid()}`;
      const [waiting, later] = await queue(key, [
        { status: "pending", nextAttemptAt: isoAfter(nowIso(), 60_000) },
        { status: "pending" },
      ]);
      assert.equal(await handOff(key), null);
      assert.equal((await statusOf(waiting ?? "")).status, "pending");
      assert.equal((await statusOf(later ?? "")).status, "pending");
    });

    it("does not send typing that went stale; the sweep drops it", async () => {
      const key = `session-${newUid()}`;
      await queue(key, [{ status: "pending", expiresAt: isoAfter(nowIso(), -1_000) }, { status: "pending" }]);
      assert.equal(await handOff(key), null);
    });

    it("takes over a delivery whose other worker's lease ran out, but not one still leased", async () => {
      const leasedKey = `session-${newUid()}`;
      await queue(leasedKey, [
        { status: "delivering", leaseUntil: isoAfter(nowIso(), 60_000), leasedBy: "worker-b" },
        { status: "pending" },
      ]);
      assert.equal(await handOff(leasedKey), null);

      const abandonedKey = `session-${newUid()}`;
      const [abandoned] = await queue(abandonedKey, [
        { status: "delivering", leaseUntil: isoAfter(nowIso(), -1_000), leasedBy: "worker-b" },
        { status: "pending" },
      ]);
      const claimed = await handOff(abandonedKey);
      assert.equal(claimed?.uid, abandoned);
      assert.deepEqual(await statusOf(abandoned ?? ""), { status: "delivering", leased_by: "worker-a" });
    });

    it("hands one delivery to only one of two workers racing for it", async () => {
      const key = `session-${newUid()}`;
      await queue(key, [{ status: "pending" }, { status: "pending" }]);
      const [a, b] = await Promise.all([handOff(key, "worker-a"), handOff(key, "worker-b")]);
      assert.equal([a, b].filter(Boolean).length, 1);
    });
  });
}
