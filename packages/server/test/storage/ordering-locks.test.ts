import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { DIALECTS, storageForSuite } from "@tandem/test-support";

/**
 * Ordering locks (PostgreSQL): transactions writing deliveries under the same ordering key take
 * turns, so their `seq` order is their commit order. SQLite has one writer and needs none.
 */
describe("ordering locks on postgres", { skip: !DIALECTS.includes("postgres") }, () => {
  const suiteStorage = storageForSuite("postgres", "locks");

  /** Whether a promise is still pending after a moment. */
  async function stillWaiting(promise: Promise<unknown>): Promise<boolean> {
    const pending = Symbol("pending");
    return (await Promise.race([promise, sleep(200).then(() => pending)])) === pending;
  }

  it("makes a second transaction on the same key wait for the first to end, and no other key", async () => {
    const { db, dialect } = suiteStorage();
    const first = await db.startTransaction().execute();
    const second = await db.startTransaction().execute();
    const other = await db.startTransaction().execute();
    try {
      await dialect.lockKeys(first, ["session:a"]);
      const waiting = dialect.lockKeys(second, ["session:b", "session:a"]);
      assert.equal(await stillWaiting(waiting), true, "the same key waits");
      await dialect.lockKeys(other, ["session:b2", "channel:c"]);
      await first.commit().execute();
      await waiting;
    } finally {
      await second.rollback().execute();
      await other.rollback().execute();
    }
  });

  it("takes keys in sorted order, so transactions naming them in any order do not deadlock", async () => {
    const { db, dialect } = suiteStorage();
    const keys = Array.from({ length: 8 }, (_, index) => `session:${index}`);
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        db.transaction().execute(async (trx) => {
          await dialect.lockKeys(trx, index % 2 === 0 ? keys : [...keys].reverse());
          await sleep(20);
        }),
      ),
    );
  });
});
