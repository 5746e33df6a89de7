import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { DIALECTS, eventually, storageForSuite } from "@tandem/test-support";
import { sql } from "kysely";
import type { ChangeNotifier } from "../../src/storage/dialects/types.js";

/** Two notifiers on one schema stand for two processes: each wakes the other, and itself once. */
describe("LISTEN/NOTIFY between processes on postgres", { skip: !DIALECTS.includes("postgres") }, () => {
  const storage = storageForSuite("postgres", "notifier");
  const started: ChangeNotifier[] = [];
  after(async () => {
    for (const notifier of started) await notifier.close();
  });

  async function startProcess() {
    const notifier = storage().dialect.createNotifier(storage().db, {
      topic: "tandem_notifier_test",
      onError: (error) => assert.fail(String(error)),
    });
    const wakes = { count: 0 };
    notifier.onChange(() => wakes.count++);
    await notifier.start();
    started.push(notifier);
    // Starting wakes the listeners once (anything sent before it listened is unknown).
    wakes.count = 0;
    return { notifier, wakes };
  }

  it("wakes the other process through LISTEN, and the sender only directly, not by its own echo", async () => {
    const first = await startProcess();
    const second = await startProcess();

    await first.notifier.notify();
    assert.equal(first.wakes.count, 1, "the sender wakes at once");
    await eventually(async () => second.wakes.count === 1, 5_000, "the other process to hear");

    // The first process's echo reaches its LISTEN connection before the second's notification:
    // were the echo not skipped, the count would pass 2 once both have come.
    await second.notifier.notify();
    await eventually(async () => first.wakes.count >= 2, 5_000, "the first process to hear back");
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(first.wakes.count, 2);
    assert.equal(second.wakes.count, 2);
  });

  it("wakes on a bare scope, as a process of the earlier version sends it", async () => {
    const listening = await startProcess();
    await sql`select pg_notify('tandem_notifier_test', ${storage().dialect.schema ?? "public"})`.execute(
      storage().db,
    );
    await eventually(async () => listening.wakes.count === 1, 5_000, "the bare scope to wake it");
  });
});
