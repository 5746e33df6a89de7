import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newUid, nowIso } from "../../src/clock.js";
import { pageFeed } from "../../src/events/page-feed.js";
import type { DomainEvent } from "../../src/events/types.js";
import { type WorkContext, Writer } from "../../src/events/writer.js";
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

    it("runs deferred work once per key, in key order, after the commands, and never for a failed one", async () => {
      const writer = new Writer(suiteStorage().db, [pageFeed], { batches: 1 });
      const names = Array.from({ length: 3 }, () => newUid());
      for (const uid of names)
        await writer.run(({ db }) => db.insertInto("businesses").values(business(uid, "0")).execute());
      const ran: string[] = [];
      const bump = (uid: string, by: string) => async (context: WorkContext) => {
        ran.push(`${uid}:${by}`);
        await context.db.updateTable("businesses").set({ name: by }).where("uid", "=", uid).execute();
      };
      const [a = "", b = "", c = ""] = [...names].sort();
      const results = await Promise.allSettled([
        writer.run(async ({ defer }) => defer(`b:${c}`, bump(c, "first"))),
        writer.run(async ({ defer }) => {
          defer(`b:${a}`, bump(a, "refused"));
          throw new Error("refused");
        }),
        writer.run(async ({ defer }) => {
          defer(`b:${c}`, bump(c, "last"));
          defer(`b:${b}`, bump(b, "second"));
        }),
      ]);
      assert.deepEqual(
        results.map((result) => result.status),
        ["fulfilled", "rejected", "fulfilled"],
      );
      assert.deepEqual(ran, [`${b}:second`, `${c}:last`], "once per key, in key order, none for the failure");
      const rows = await suiteStorage()
        .db.selectFrom("businesses")
        .select(["uid", "name"])
        .where("uid", "in", names)
        .execute();
      assert.deepEqual(Object.fromEntries(rows.map((row) => [row.uid, row.name])), {
        [a]: "0",
        [b]: "second",
        [c]: "last",
      });
    });

    it("lets parallel batches update the same rows from commands in any order without deadlocking", async () => {
      const writer = new Writer(suiteStorage().db, [pageFeed], { batches: 4 });
      const shared = Array.from({ length: 6 }, () => newUid());
      for (const uid of shared)
        await writer.run(({ db }) => db.insertInto("businesses").values(business(uid, "0")).execute());
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, index) =>
          writer.run(async ({ db, defer, now }) => {
            await db
              .insertInto("businesses")
              .values(business(newUid(), `n${index}`))
              .execute();
            // Each command touches shared rows in its own order; the writer orders them.
            const order = index % 2 === 0 ? shared : [...shared].reverse();
            for (const uid of order)
              defer(`b:${uid}`, ({ db: trx }) =>
                trx
                  .updateTable("businesses")
                  .set({ name: now })
                  .where("uid", "=", uid)
                  .execute()
                  .then(() => undefined),
              );
            return index;
          }),
        ),
      );
      assert.deepEqual(
        results.filter((result) => result.status === "rejected"),
        [],
      );
    });
  });
}
