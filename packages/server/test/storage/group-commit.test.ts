import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newUid, nowIso } from "../../src/clock.js";
import { pageFeed } from "../../src/events/page-feed.js";
import type { DomainEvent } from "../../src/events/types.js";
import { Writer } from "../../src/events/writer.js";
import { DIALECTS } from "../support/server.js";
import { storageForSuite } from "../support/storage.js";

/** Group commit: concurrent commands share transactions, yet each succeeds or fails on its own. */
for (const dialect of DIALECTS) {
  describe(`group commit on ${dialect}`, () => {
    const suiteStorage = storageForSuite(dialect, "gc");

    const business = (uid: string, name: string) => ({ uid, name, created_at: nowIso() });

    it("batches concurrent commands, rolls back only the one that failed, and announces only what committed", async () => {
      const writer = new Writer(suiteStorage().db, [pageFeed], { batches: 1 });
      const announced: DomainEvent[] = [];
      let commits = 0;
      writer.onCommit((events) => {
        commits++;
        announced.push(...events);
      });
      const taken = newUid();
      await writer.run(({ db }) => db.insertInto("businesses").values(business(taken, "first")).execute());

      const uids = Array.from({ length: 40 }, () => newUid());
      const results = await Promise.allSettled(
        uids.map((uid, index) =>
          writer.run(async ({ db, emit, now }) => {
            await db
              .insertInto("businesses")
              .values(business(uid, `b${index}`))
              .execute();
            emit({
              type: "conversation.updated",
              client: {
                uid,
                business_uid: uid,
                first_name: "x",
                last_name: null,
                email: null,
                phone: null,
                created_at: now,
                last_activity_at: now,
              },
            });
            // One command writes and then hits a unique violation; one throws a plain error.
            if (index === 7) await db.insertInto("businesses").values(business(taken, "clash")).execute();
            if (index === 13) throw new Error("refused");
            return index;
          }),
        ),
      );
      const failed = results.flatMap((result, index) => (result.status === "rejected" ? [index] : []));
      assert.deepEqual(failed, [7, 13]);
      const stored = new Set(
        (await suiteStorage().db.selectFrom("businesses").select("uid").execute()).map((row) => row.uid),
      );
      assert.equal(stored.has(uids[7] ?? ""), false, "the failed command's own row is rolled back");
      assert.equal(stored.has(uids[13] ?? ""), false);
      assert.equal(uids.filter((uid) => stored.has(uid)).length, 38);
      const feed = await suiteStorage().db.selectFrom("page_events").select("data").execute();
      assert.equal(feed.length, 38, "outbox rows only for what committed");
      assert.equal(announced.length, 38);
      assert.ok(commits <= 3, `38 commands took ${commits} commits`);
    });
  });
}
