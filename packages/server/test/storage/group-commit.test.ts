import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DIALECTS, storageForSuite } from "@tandem/test-support";
import { newUid, nowIso } from "../../src/clock.js";
import { pageFeed } from "../../src/events/page-feed.js";
import type { DomainEvent } from "../../src/events/types.js";
import { type SetCommand, type WorkContext, Writer } from "../../src/events/writer.js";

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
                attributes: "{}",
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

    it("runs deferred work once per group with its keys sorted, after the commands, and never for a failed one", async () => {
      const writer = new Writer(suiteStorage().db, [pageFeed], { batches: 1 });
      const names = Array.from({ length: 4 }, () => newUid());
      for (const uid of names)
        await writer.run(({ db }) => db.insertInto("businesses").values(business(uid, "0")).execute());
      const ran: string[] = [];
      const rename = (to: string) => async (context: WorkContext, uids: readonly string[]) => {
        ran.push(`${to}: ${uids.join(" ")}`);
        await context.db.updateTable("businesses").set({ name: to }).where("uid", "in", uids).execute();
      };
      const [a = "", b = "", c = "", d = ""] = [...names].sort();
      const results = await Promise.allSettled([
        writer.run(async ({ defer }) => defer("names", c, rename("first"))),
        writer.run(async ({ defer }) => {
          defer("names", a, rename("refused"));
          defer("others", a, rename("refused"));
          throw new Error("refused");
        }),
        writer.run(async ({ defer }) => {
          defer("names", c, rename("last"));
          defer("names", b, rename("last"));
          defer("marks", d, rename("marked"));
        }),
      ]);
      assert.deepEqual(
        results.map((result) => result.status),
        ["fulfilled", "rejected", "fulfilled"],
      );
      assert.deepEqual(
        ran,
        [`marked: ${d}`, `last: ${b} ${c}`],
        "once per group, groups in name order, keys sorted, none for the failure",
      );
      const rows = await suiteStorage()
        .db.selectFrom("businesses")
        .select(["uid", "name"])
        .where("uid", "in", names)
        .execute();
      assert.deepEqual(Object.fromEntries(rows.map((row) => [row.uid, row.name])), {
        [a]: "0",
        [b]: "last",
        [c]: "last",
        [d]: "marked",
      });
    });

    it("writes a run of a set command's calls together, in order, and call by call once one fails", async () => {
      const writer = new Writer(suiteStorage().db, [pageFeed], { batches: 1 });
      const runs: string[] = [];
      /** Inserts businesses; `many` in one statement. A name "refused" fails its call. */
      const insertBusinesses: SetCommand<string, string> = {
        async one({ db }, name) {
          runs.push(`one ${name}`);
          if (name === "refused") throw new Error("refused");
          const uid = newUid();
          await db.insertInto("businesses").values(business(uid, name)).execute();
          return uid;
        },
        async many({ db }, names) {
          runs.push(`many ${names.join(" ")}`);
          if (names.includes("refused")) throw new Error("refused");
          const rows = names.map((name) => business(newUid(), name));
          await db.insertInto("businesses").values(rows).execute();
          return rows.map((row) => row.uid);
        },
      };
      const calls = (names: string[]) => names.map((name) => writer.runSet(insertBusinesses, name));
      // Queued in one turn: a lone call, then a plain command, then a run of three.
      const first = calls(["s0"]);
      const plain = writer.run(async () => {
        runs.push("plain");
        return "plain";
      });
      const rest = calls(["s1", "s2", "s3"]);
      const uids = await Promise.all([...first, ...rest]);
      assert.equal(await plain, "plain");
      assert.deepEqual(runs, ["one s0", "plain", "many s1 s2 s3"], "consecutive calls only, in order");
      const names = await suiteStorage()
        .db.selectFrom("businesses")
        .select(["uid", "name"])
        .where("uid", "in", uids)
        .execute();
      assert.deepEqual(
        uids.map((uid) => names.find((row) => row.uid === uid)?.name),
        ["s0", "s1", "s2", "s3"],
        "each call answered with its own row",
      );

      runs.length = 0;
      const settled = await Promise.allSettled(calls(["t0", "refused", "t2"]));
      assert.deepEqual(
        settled.map((result) => result.status),
        ["fulfilled", "rejected", "fulfilled"],
      );
      assert.deepEqual(runs, ["many t0 refused t2", "one t0", "one refused", "one t2"]);
      const kept = await suiteStorage()
        .db.selectFrom("businesses")
        .select("name")
        .where("name", "in", ["t0", "t2"])
        .execute();
      assert.equal(kept.length, 2, "the run written again call by call, once each");
    });

    it("runs batches without savepoints while commands succeed, and guarded after a failure", async () => {
      const writer = new Writer(suiteStorage().db, [pageFeed], { batches: 1 });
      const insertAll = (count: number, failAt: number | null) => {
        const uids = Array.from({ length: count }, () => newUid());
        const runs = uids.map((uid, index) =>
          writer.run(async ({ db }) => {
            await db
              .insertInto("businesses")
              .values(business(uid, `g${index}`))
              .execute();
            if (index === failAt) throw new Error("refused after writing");
          }),
        );
        return { uids, settled: Promise.allSettled(runs) };
      };
      const stored = async (uids: string[]) =>
        (await suiteStorage().db.selectFrom("businesses").select("uid").where("uid", "in", uids).execute())
          .length;

      const clean = insertAll(20, null);
      await clean.settled;
      assert.deepEqual(writer.stats, { batches: 1, guardedBatches: 0, reruns: 0 });
      assert.equal(await stored(clean.uids), 20);

      // The failure is found unguarded: the batch is rolled back and run again with savepoints.
      const failing = insertAll(20, 5);
      const outcomes = await failing.settled;
      assert.deepEqual(
        outcomes.flatMap((outcome, index) => (outcome.status === "rejected" ? [index] : [])),
        [5],
      );
      assert.deepEqual(writer.stats, { batches: 2, guardedBatches: 1, reruns: 1 });
      assert.equal(await stored(failing.uids), 19, "every row but the failed command's, once");
      assert.equal(await stored([failing.uids[5] ?? ""]), 0);

      // The batch after a failure stays guarded; once one has no failure, the next is not.
      await insertAll(20, null).settled;
      assert.deepEqual(writer.stats, { batches: 3, guardedBatches: 2, reruns: 1 });
      await insertAll(20, null).settled;
      assert.deepEqual(writer.stats, { batches: 4, guardedBatches: 2, reruns: 1 });
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
            // Each command touches some of the shared rows, in its own order; the writer orders them.
            const some = shared.slice(index % 3, (index % 3) + 4);
            const order = index % 2 === 0 ? some : [...some].reverse();
            // As the conversation activity does: one statement for every row of the group.
            for (const uid of order)
              defer("shared", uid, async ({ db: trx }, uids) => {
                await trx.updateTable("businesses").set({ name: now }).where("uid", "in", uids).execute();
              });
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
