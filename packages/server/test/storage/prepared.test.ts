import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { DIALECTS, storageForSuite } from "@tandem/test-support";
import { sql } from "kysely";
import { newUid, nowIso } from "../../src/clock.js";
import { prepare } from "../../src/storage/prepared.js";

/** Prepared queries: compiled once per database, then run with each call's own values. */
for (const dialect of DIALECTS) {
  describe(`prepared queries on ${dialect}`, () => {
    const suiteStorage = storageForSuite(dialect, "prep");

    let builds = 0;
    const insertBusiness = prepare<{ uid: string; name: string; now: string }>()((db, value) => {
      builds++;
      return db
        .insertInto("businesses")
        .values({ uid: value("uid"), name: value("name"), created_at: value("now") })
        .returning(["uid", "name"]);
    });
    const namedLike = prepare<{ prefix: string; after: string }>()((db, value) =>
      db
        .selectFrom("businesses")
        .select("name")
        // A constant of the query stays as it was written; only placeholders change per run.
        .where("name", "like", value("prefix"))
        .where("name", ">", value("after"))
        .orderBy("name")
        .limit(2),
    );
    const rename = prepare<{ uid: string; name: string }>()((db, value) =>
      db
        .updateTable("businesses")
        .set({ name: value("name") })
        .where("uid", "=", value("uid")),
    );

    it("runs one compiled query with each call's values, in and out of transactions", async () => {
      const tag = randomBytes(3).toString("hex");
      const first = await insertBusiness.first(suiteStorage().db, {
        uid: newUid(),
        name: `${tag}-a`,
        now: nowIso(),
      });
      assert.equal(first?.name, `${tag}-a`);
      await suiteStorage()
        .db.transaction()
        .execute(async (trx) => {
          for (const letter of ["b", "c", "d"])
            await insertBusiness.execute(trx, { uid: newUid(), name: `${tag}-${letter}`, now: nowIso() });
        });
      assert.equal(builds, 1, "built once for this database");
      const page = await namedLike.all(suiteStorage().db, { prefix: `${tag}-%`, after: `${tag}-a` });
      assert.deepEqual(
        page.map((row) => row.name),
        [`${tag}-b`, `${tag}-c`],
      );
      const other = await namedLike.all(suiteStorage().db, { prefix: `${tag}-%`, after: `${tag}-c` });
      assert.deepEqual(
        other.map((row) => row.name),
        [`${tag}-d`],
      );
    });

    it("has PostgreSQL keep the statement prepared on the connection, parsed and planned once", {
      skip: dialect !== "postgres",
    }, async () => {
      await suiteStorage()
        .db.transaction()
        .execute(async (trx) => {
          await namedLike.all(trx, { prefix: "x%", after: "" });
          await namedLike.all(trx, { prefix: "y%", after: "" });
          const prepared = await sql<{ name: string; statement: string }>`
            select name, statement from pg_prepared_statements where name like 'tandem_%'`.execute(trx);
          assert.equal(prepared.rows.filter((row) => row.statement.includes(`"name" like $1`)).length, 1);
        });
    });

    it("reports the rows an update touched", async () => {
      const uid = newUid();
      await insertBusiness.execute(suiteStorage().db, { uid, name: "before", now: nowIso() });
      assert.equal(await rename.affected(suiteStorage().db, { uid, name: "after" }), 1);
      assert.equal(await rename.affected(suiteStorage().db, { uid: newUid(), name: "nobody" }), 0);
      const row = await suiteStorage()
        .db.selectFrom("businesses")
        .select("name")
        .where("uid", "=", uid)
        .executeTakeFirstOrThrow();
      assert.equal(row.name, "after");
    });
  });
}
