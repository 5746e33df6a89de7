import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DIALECTS, serverWithWorld, unique } from "@tandem/test-support";
import { mintedTokenVerifier } from "../../src/auth/api-tokens.js";
import { AppDirectory } from "../../src/domain/app-directory.js";
import { type AppScope, channelForApp } from "../../src/domain/app-scope.js";
import { ingestMessage } from "../../src/domain/incoming-messages.js";
import type { AppError } from "../../src/errors.js";
import { BatchedLookup } from "../../src/storage/batched-lookup.js";

/**
 * Look-ups asked in the same turn of the event loop share one statement on PostgreSQL. Each caller
 * must still get exactly its own row, and the scope of its own token: these calls are made together
 * on purpose, so the batched statement (not the lone one) answers them.
 */
for (const dialect of DIALECTS) {
  describe(`look-ups made together on ${dialect}`, () => {
    const { server, world } = serverWithWorld(dialect);
    const db = () => server().tandem.storage.db;

    it("answer each caller with its own row, and the lone one alone", async () => {
      const calls = { one: 0, many: [] as number[] };
      const businessByUid = new BatchedLookup<string, { uid: string; name: string }>({
        one: (database, uid) => {
          calls.one++;
          return database
            .selectFrom("businesses")
            .select(["uid", "name"])
            .where("uid", "=", uid)
            .executeTakeFirst();
        },
        many: (database, uids) => {
          calls.many.push(uids.length);
          return database.selectFrom("businesses").select(["uid", "name"]).where("uid", "in", uids).execute();
        },
        matches: (uid, row) => row.uid === uid,
      });
      const { home, rival } = world();
      const asked = [home.businessUid, rival.businessUid, "no-such-business", home.businessUid];
      const rows = await Promise.all(asked.map((uid) => businessByUid.load(db(), uid)));
      assert.deepEqual(
        rows.map((row) => row?.uid),
        [home.businessUid, rival.businessUid, undefined, home.businessUid],
      );
      assert.equal(rows[0]?.name, home.business.business.name);
      // SQLite runs each alone; PostgreSQL asks the four in one statement.
      assert.deepEqual(calls, dialect === "postgres" ? { one: 0, many: [4] } : { one: 4, many: [] });

      const lone = await businessByUid.load(db(), rival.businessUid);
      assert.equal(lone?.uid, rival.businessUid);
      assert.equal(calls.one, dialect === "postgres" ? 1 : 5);
    });

    it("with a text key, callers of one turn asking the same key share its read", async () => {
      const reads: string[][] = [];
      const businessByUid = new BatchedLookup<string, { uid: string }>({
        one: async (database, uid) => {
          reads.push([uid]);
          if (uid === "boom") throw new Error("the statement failed");
          return database.selectFrom("businesses").select("uid").where("uid", "=", uid).executeTakeFirst();
        },
        many: async (database, uids) => {
          reads.push([...uids]);
          return database.selectFrom("businesses").select("uid").where("uid", "in", uids).execute();
        },
        matches: (uid, row) => row.uid === uid,
        keyOf: (uid) => uid,
      });
      const { home, rival } = world();
      const asked = [home.businessUid, rival.businessUid, home.businessUid, "boom", home.businessUid, "boom"];
      const answers = await Promise.allSettled(asked.map((uid) => businessByUid.load(db(), uid)));
      // Only `one` fails on "boom": PostgreSQL's one statement for all finds no such row.
      const boom = dialect === "postgres" ? undefined : "failed";
      assert.deepEqual(
        answers.map((answer) => (answer.status === "fulfilled" ? answer.value?.uid : "failed")),
        [home.businessUid, rival.businessUid, home.businessUid, boom, home.businessUid, boom],
      );
      // SQLite reads each distinct key once, and a failed read fails only the callers of its key;
      // PostgreSQL asks every key in one statement, as without a text key.
      assert.deepEqual(
        reads,
        dialect === "postgres" ? [asked] : [[home.businessUid], [rival.businessUid], ["boom"]],
      );
    });

    it("a failed statement fails every caller it answered, and later ones go on", async () => {
      const { home, rival } = world();
      const select = (database: ReturnType<typeof db>, uids: readonly string[]) => {
        if (uids.includes("boom")) throw new Error("the statement failed");
        return database.selectFrom("businesses").select("uid").where("uid", "in", uids).execute();
      };
      const businessByUid = new BatchedLookup<string, { uid: string }>({
        one: async (database, uid) => (await select(database, [uid]))[0],
        many: async (database, uids) => select(database, uids),
        matches: (uid, row) => row.uid === uid,
      });
      const failed = await Promise.allSettled(
        ["boom", home.businessUid].map((uid) => businessByUid.load(db(), uid)),
      );
      assert.deepEqual(
        failed.map((answer) => answer.status),
        // On SQLite each ran alone.
        dialect === "postgres" ? ["rejected", "rejected"] : ["rejected", "fulfilled"],
      );
      const rows = await Promise.all(
        [home.businessUid, rival.businessUid].map((uid) => businessByUid.load(db(), uid)),
      );
      assert.deepEqual(
        rows.map((row) => row?.uid),
        [home.businessUid, rival.businessUid],
      );
    });

    it("tokens asked together each answer their own principal", async () => {
      const { home, rival, serviceApi } = world();
      const verifier = mintedTokenVerifier(db());
      const tokens = [home.appApi.token, rival.appApi.token, serviceApi.token, `tapp_${unique("")}`];
      const principals = await Promise.all(tokens.map((token) => verifier.verify(token ?? "")));
      assert.deepEqual(
        principals.map((principal) =>
          principal?.kind === "app" ? { appId: principal.appId, businessUid: principal.businessUid } : null,
        ),
        [
          { appId: home.app.app_id, businessUid: home.businessUid },
          { appId: rival.app.app_id, businessUid: rival.businessUid },
          { appId: home.app.app_id, businessUid: null },
          null,
        ],
      );
    });

    it("channels asked together stay inside each caller's scope", async () => {
      const { home, rival, sibling } = world();
      const homeScope: AppScope = { appId: home.app.app_id, businessUid: home.businessUid };
      const rivalScope: AppScope = { appId: rival.app.app_id, businessUid: rival.businessUid };
      // Home's app, at the sibling business: the same app, another tenant.
      const siblingScope: AppScope = { appId: home.app.app_id, businessUid: sibling.businessUid };
      const serviceScope: AppScope = { appId: home.app.app_id, businessUid: null };
      const asks: Array<[AppScope, string]> = [
        [homeScope, home.channel.uid],
        [rivalScope, home.channel.uid],
        [siblingScope, home.channel.uid],
        [siblingScope, sibling.channel.uid],
        [serviceScope, home.channel.uid],
        [serviceScope, sibling.channel.uid],
        [serviceScope, rival.channel.uid],
        [rivalScope, rival.channel.uid],
      ];
      const found = await Promise.all(
        asks.map(([scope, channelUid]) =>
          channelForApp({ db: db() }, scope, channelUid).then(
            (channel) => channel.uid,
            (error: AppError) => error.status,
          ),
        ),
      );
      assert.deepEqual(found, [
        home.channel.uid,
        404,
        404,
        sibling.channel.uid,
        home.channel.uid,
        sibling.channel.uid,
        404,
        rival.channel.uid,
      ]);
    });

    it("messages sent together are matched by channel and message_uid, and written together", async () => {
      const { home, rival } = world();
      const domain = server().tandem.domain;
      const scopeOf = (tenant: typeof home): AppScope => ({
        appId: tenant.app.app_id,
        businessUid: tenant.businessUid,
      });
      const message = (tenant: typeof home, messageUid: string, externalUid = tenant.session.external_uid) =>
        ingestMessage(domain, scopeOf(tenant), {
          channel_uid: tenant.channel.uid,
          external_uid: externalUid,
          message: "Sent together",
          message_uid: messageUid,
        }).then(
          (answer) => ({
            created: answer.created,
            uid: answer.view.message.uid,
            channel: answer.view.message.channel_uid,
          }),
          (error: AppError) => ({ status: error.status, field: error.details[0]?.field }),
        );
      const repeated = home.incoming.message_uid;
      const fresh = unique("together-");
      const writesBefore = server().tandem.domain.writer.stats.batches;
      // Asked in one turn: the look-ups share statements and the new messages one write.
      const answers = await Promise.all([
        message(home, repeated),
        // The same message_uid on another channel is another message.
        message(rival, repeated),
        message(home, fresh),
        message(home, repeated),
        // No session for this external_uid: refused alone, the others written.
        message(home, unique("together-"), unique("nobody-")),
        message(rival, fresh),
      ]);
      assert.deepEqual(answers[0], { created: false, uid: home.incoming.uid, channel: home.channel.uid });
      assert.deepEqual(answers[3], answers[0]);
      assert.deepEqual(answers[4], { status: 422, field: "external_uid" });
      for (const [index, tenant] of [
        [1, rival],
        [2, home],
        [5, rival],
      ] as const) {
        const answer = answers[index];
        assert.ok(answer && "created" in answer && answer.created, JSON.stringify(answer));
        assert.equal(answer.channel, tenant.channel.uid);
        const stored = await db()
          .selectFrom("messages")
          .select("channel_uid")
          .where("uid", "=", answer.uid)
          .executeTakeFirst();
        assert.equal(stored?.channel_uid, tenant.channel.uid);
      }
      const batches = server().tandem.domain.writer.stats.batches - writesBefore;
      assert.ok(batches <= 2, `three new messages took ${batches} writes`);
    });

    it("callers missing the same app while it is read share the read, unless the app is forgotten", async () => {
      const { home } = world();
      const apps = new AppDirectory(db());
      const together = await Promise.all(Array.from({ length: 5 }, () => apps.find(home.app.app_id)));
      assert.equal(together[0]?.id, home.app.app_id);
      assert.ok(
        together.every((app) => app === together[0]),
        "one read answered all five",
      );
      assert.equal(await apps.find(home.app.app_id), together[0], "then cached");

      const fresh = new AppDirectory(db());
      const begun = fresh.find(home.app.app_id);
      fresh.forget(home.app.app_id);
      const after = fresh.find(home.app.app_id);
      assert.notEqual(after, begun, "a caller after forget does not join the read begun before it");
      const [early, late] = await Promise.all([begun, after]);
      assert.notEqual(early, late);
      assert.equal(await fresh.find(home.app.app_id), late, "only the read begun after forget is kept");
    });

    it("messages of one session sent together are stored in the order they were sent", async () => {
      const { home } = world();
      const domain = server().tandem.domain;
      const send = (messageUid: string) =>
        ingestMessage(
          domain,
          { appId: home.app.app_id, businessUid: home.businessUid },
          {
            channel_uid: home.channel.uid,
            external_uid: home.session.external_uid,
            message: "In order",
            message_uid: messageUid,
          },
        );
      // A batch that succeeds first: an earlier test's refusal left batches guarded (their calls run
      // one by one) until one has no failure.
      await Promise.all([send(unique("in-order-a-")), send(unique("in-order-b-"))]);
      const guardedBefore = domain.writer.stats.guardedBatches;
      const sent = Array.from({ length: 12 }, (_, index) => unique(`in-order-${index}-`));
      const answers = await Promise.all(sent.map(send));
      assert.equal(domain.writer.stats.guardedBatches, guardedBefore, "written together, set-based");
      assert.ok(answers.every((answer) => answer.created));
      const stored = await db()
        .selectFrom("messages")
        .select("message_uid")
        .where("message_uid", "in", sent)
        .orderBy("created_at")
        .orderBy("seq")
        .execute();
      assert.deepEqual(
        stored.map((row) => row.message_uid),
        sent,
      );
    });
  });
}
