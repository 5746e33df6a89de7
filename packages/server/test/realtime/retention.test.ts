import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DIALECTS, storageForSuite } from "@tandem/test-support";
import { createLogger } from "../../src/logger.js";
import { FEED_RETENTION_MS, FeedRetention } from "../../src/realtime/retention.js";

const HOUR = 3600 * 1000;

for (const dialect of DIALECTS) {
  describe(`pruning the page feed on ${dialect}`, () => {
    const storage = storageForSuite(dialect, "retention");
    const now = Date.now();

    /** Page events in id order, one per age (in hours before now). */
    async function feedOfAges(hours: number[]): Promise<void> {
      const { db } = storage();
      await db.deleteFrom("page_events").execute();
      for (const age of hours) {
        await db
          .insertInto("page_events")
          .values({
            business_uid: "business",
            type: "message.created",
            data: JSON.stringify({ age }),
            created_at: new Date(now - age * HOUR).toISOString(),
          })
          .execute();
      }
    }

    const agesLeft = async () =>
      (await storage().db.selectFrom("page_events").select("data").orderBy("id").execute()).map(
        (row) => (JSON.parse(row.data) as { age: number }).age,
      );

    const prune = (chunk: number) =>
      new FeedRetention(storage().db, createLogger("silent"), FEED_RETENTION_MS, chunk).prune(now);

    beforeEach(() => feedOfAges([]));

    it("deletes every event past the retention period, a few at a time, and keeps the rest", async () => {
      await feedOfAges([30, 29, 28, 27, 26, 25, 24.5, 3, 2, 1]);
      assert.equal(await prune(3), 7);
      assert.deepEqual(await agesLeft(), [3, 2, 1]);
      assert.equal(await prune(3), 0, "nothing left to prune");
    });

    it("stops at the first event it keeps, in id order", async () => {
      // An event written late with an old time sits after a kept one: the walk has stopped by then.
      await feedOfAges([30, 2, 40, 1]);
      assert.equal(await prune(2), 1);
      assert.deepEqual(await agesLeft(), [2, 40, 1]);
    });

    it("always keeps the newest event, however old", async () => {
      await feedOfAges([50, 49, 48]);
      assert.equal(await prune(2), 2);
      assert.deepEqual(await agesLeft(), [48]);
    });
  });
}
