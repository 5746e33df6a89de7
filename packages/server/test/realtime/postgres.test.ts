import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TandemProcess } from "@tandem/test-support";
import {
  call,
  client,
  DIALECTS,
  eventually,
  POSTGRES_URL,
  registerApp,
  spawnBeside,
  startServer,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";
import { sql } from "kysely";
import pg from "pg";
import { CLOSE_SIGNED_OUT } from "../../src/realtime/sign-in-watch.js";
import { type Conversation, clientWrites, isCreated, setUpConversation, stillLive } from "./conversation.js";
import { assertOrdered, FeedSocket } from "./feed-socket.js";

async function metric(baseUrl: string, name: string): Promise<number> {
  const text = (await call<string>(baseUrl, "GET", "/metrics")).body;
  const match = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
  return Number(match?.[1] ?? Number.NaN);
}

/**
 * SPEC §9: several Tandem processes on one PostgreSQL database, each with its own sockets, and
 * PostgreSQL's ids that become visible out of order (taken at insert, seen at commit).
 */
describe("the realtime feed across processes on postgres", { skip: !DIALECTS.includes("postgres") }, () => {
  let server: TestServer;
  let schema: string;
  let second: TandemProcess;
  const receiver = new WebhookReceiver();
  let shop: Conversation;
  const sockets: FeedSocket[] = [];
  const open = async (baseUrl: string, credentials: Parameters<typeof FeedSocket.ready>[1]) => {
    const socket = await FeedSocket.ready(baseUrl, credentials);
    sockets.push(socket);
    return socket;
  };
  const listeners = async () => {
    const { rows } = await sql<{ pid: number }>`
      select pid from pg_stat_activity where application_name = ${`tandem realtime (${schema})`}
    `.execute(server.tandem.storage.db);
    return rows.map((row) => row.pid);
  };

  /** Opens a transaction that takes a page event id and keeps it uncommitted until told to end. */
  async function holdAnEventOpen(businessUid: string) {
    let end: (outcome: "commit" | "rollback") => void = () => undefined;
    const ended = new Promise<"commit" | "rollback">((resolve) => {
      end = resolve;
    });
    let taken: (id: number) => void = () => undefined;
    let failed: (error: unknown) => void = () => undefined;
    const heldId = new Promise<number>((resolve, reject) => {
      taken = resolve;
      failed = reject;
    });
    const finished = server.tandem.storage.db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto("page_events")
          .values({
            business_uid: businessUid,
            type: "typing",
            data: JSON.stringify({ held: true }),
            created_at: new Date().toISOString(),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        taken(row.id);
        if ((await ended) === "rollback") throw new Error("rolled back on purpose");
      })
      .then(
        () => undefined,
        (error: unknown) => failed(error),
      );
    return {
      heldId: await heldId,
      async commit() {
        end("commit");
        await finished;
      },
      async rollBack() {
        end("rollback");
        await finished;
      },
    };
  }

  before(async () => {
    await receiver.start();
    // Sign-ins checked often: a sign-out on the other process closes this one's sockets within a check.
    server = await startServer({ dialect: "postgres", env: { TANDEM_SIGN_IN_CHECK_MS: "200" } });
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
      server.tandem.storage.db,
    );
    schema = rows[0]?.schema ?? "";
    const { app } = await registerApp(server, receiver);
    shop = await setUpConversation(server, receiver, app);
    second = await spawnBeside(server);
  });

  after(async () => {
    for (const socket of sockets) await socket.close();
    await second?.kill("SIGTERM");
    await server?.close();
    await receiver.close();
  });

  it("carries an event committed by one process to the sockets of the other, both ways", async () => {
    const onSecond = await open(second.url, { cookie: shop.cookie });
    const onFirst = await open(server.url, { cookie: shop.cookie });

    const toSecond = unique("Posted to the first process ");
    await clientWrites(shop, toSecond);
    const heard = await onSecond.waitFor(isCreated(toSecond), "the event on the second process");

    const toFirst = unique("Posted to the second process ");
    const posted = await client(second.url, shop.app.token).post("/business/communication/messages", {
      channel_uid: shop.channelUid,
      external_uid: shop.externalUid,
      message: toFirst,
      message_uid: unique("m-"),
    });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    await onFirst.waitFor(isCreated(toFirst), "the event on the first process");
    await onSecond.waitFor(isCreated(toFirst), "the second process's own event");

    // A page that resumes on the other process picks up where it left off.
    const resumed = await open(server.url, { cookie: shop.cookie, cursor: heard.id });
    const replayed = resumed.messages.filter((event) => event.type === "message.created");
    assert.deepEqual(
      replayed.map((event) => event.data.message),
      [toFirst],
    );
    assertOrdered(onSecond.messages);
    assertOrdered(resumed.messages);
  });

  it("does not skip an id whose transaction commits after a later one, live or on replay", async () => {
    const live = await open(server.url, { cookie: shop.cookie });
    const cursor = live.messages[0]?.id ?? 0;
    const slow = await holdAnEventOpen(shop.businessUid);

    const text = unique("Committed while an earlier id is in flight ");
    await clientWrites(shop, text);
    await eventually(
      async () => (await metric(server.url, "tandem_realtime_held_events")) > 0,
      10_000,
      "the reader to hold back",
    );

    const resumed = await open(server.url, { cookie: shop.cookie, cursor });
    const ready = resumed.messages.at(-1);
    assert.equal(ready?.type, "ready");
    assert.ok((ready?.id ?? 0) < slow.heldId, "replay stops before the id in flight");

    await slow.commit();
    for (const feed of [live, resumed]) {
      const held = await feed.waitFor((event) => event.id === slow.heldId, "the late-committed event");
      const created = await feed.waitFor(isCreated(text), "the event committed first");
      assert.ok(feed.messages.indexOf(held) < feed.messages.indexOf(created), "in id order");
      assertOrdered(feed.messages);
    }
  });

  it("gives up an id whose transaction rolled back after the grace period, and goes on", async () => {
    const live = await open(server.url, { cookie: shop.cookie });
    const givenUpBefore = await metric(server.url, "tandem_realtime_ids_given_up_total");
    const doomed = await holdAnEventOpen(shop.businessUid);

    const text = unique("Committed beside a rollback ");
    await clientWrites(shop, text);
    await eventually(
      async () => (await metric(server.url, "tandem_realtime_held_events")) > 0,
      10_000,
      "the reader to hold back",
    );
    await doomed.rollBack();

    await live.waitFor(isCreated(text), "the event after the permanent gap");
    assert.equal(live.messages.filter((event) => event.id === doomed.heldId).length, 0);
    assert.ok((await metric(server.url, "tandem_realtime_ids_given_up_total")) > givenUpBefore);
    assertOrdered(live.messages);
  });

  it("listens on a connection of its own, reconnects when it is cut, and closes it on shutdown", async () => {
    const [first] = await listeners();
    assert.ok(first, "a LISTEN connection for this schema");
    await sql`select pg_terminate_backend(${first})`.execute(server.tandem.storage.db);
    const [again] = await eventually(
      async () => {
        const pids = await listeners();
        return pids.length === 1 && pids[0] !== first ? pids : null;
      },
      10_000,
      "a new LISTEN connection",
    );
    assert.ok(again);

    const feed = await open(second.url, { cookie: shop.cookie });
    const text = unique("After the reconnect ");
    await clientWrites(shop, text);
    await feed.waitFor(isCreated(text), "an event after the reconnect");
  });

  it("a sign-out on the other process closes this one's sockets of that session within a check, and no other", async () => {
    const leaving = await shop.signInAgain();
    const signedOut = await open(server.url, { cookie: leaving });
    const otherDevice = await open(server.url, { cookie: shop.cookie });
    const out = await client(second.url).post("/api/auth/logout", {}, { cookie: leaving });
    assert.equal(out.status, 200);
    assert.equal((await signedOut.closedWithin(5_000)).code, CLOSE_SIGNED_OUT);
    await stillLive(shop, [otherDevice]);
  });
});

describe("shutting down the realtime feed on postgres", { skip: !DIALECTS.includes("postgres") }, () => {
  it("closes the LISTEN connection", async () => {
    const server = await startServer({ dialect: "postgres" });
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
      server.tandem.storage.db,
    );
    const name = `tandem realtime (${rows[0]?.schema})`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    const listening = async () =>
      (await admin.query("select 1 from pg_stat_activity where application_name = $1", [name])).rowCount ?? 0;
    try {
      assert.equal(await listening(), 1);
      await server.close();
      await eventually(async () => (await listening()) === 0, 10_000, "the LISTEN connection to close");
    } finally {
      await admin.end();
    }
  });
});
