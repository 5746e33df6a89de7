import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { startCheckpointer } from "./sqlite-checkpointer.js";

/** What `PRAGMA wal_checkpoint` answers: frames in the WAL, and how many of them are in the database file. */
interface CheckpointReport {
  busy: number;
  log: number;
  checkpointed: number;
}

const PAGE = 4096;
const folder = mkdtempSync(join(tmpdir(), "tandem-checkpointer-"));
after(() => rmSync(folder, { recursive: true, force: true }));

/** A WAL database with one table, as Tandem's writer opens it. */
function openWriter(name: string) {
  const file = join(folder, name);
  const writer = new Database(file);
  writer.pragma("journal_mode = WAL");
  writer.pragma("synchronous = NORMAL");
  writer.exec("create table pages (id integer primary key, filler blob not null)");
  const insert = writer.prepare("insert into pages (filler) values (?)");
  /** Commits `count` rows of about a page each, one transaction per `perCommit`. */
  const writePages = (count: number, perCommit = 10) => {
    for (let done = 0; done < count; done += perCommit) {
      writer.transaction(() => {
        for (let row = 0; row < perCommit; row++) insert.run(Buffer.alloc(PAGE - 200, row));
      })();
    }
  };
  return { file, writer, writePages };
}

const until = async (what: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("the WAL checkpoint thread", () => {
  test("the thread copies the WAL into the database, and the next write starts the WAL over", async () => {
    const { file, writer, writePages } = openWriter("thread.sqlite");
    // A valve the writes never reach: only the thread can move pages into the file.
    const checkpointer = startCheckpointer(file, writer, {
      intervalMs: 20,
      startAfterWalBytes: 0,
      valveFrames: 100_000,
    });
    // NOOP reads the WAL's frames and those copied, and changes nothing.
    const observer = new Database(file);
    const wal = () =>
      (observer.pragma("wal_checkpoint(NOOP)") as CheckpointReport[])[0] ?? {
        busy: 0,
        log: 0,
        checkpointed: 0,
      };
    try {
      assert.equal(writer.pragma("wal_autocheckpoint", { simple: true }), 100_000);
      const before = statSync(file).size;
      // Past SQLite's default of 1,000 pages, where the writer would have checkpointed itself.
      writePages(1_500);
      await until(() => statSync(file).size >= before + 1_500 * PAGE);

      // Every frame copied: the next write starts the WAL over instead of growing it.
      await until(() => wal().checkpointed === wal().log);
      const grown = wal().log;
      assert.ok(grown > 1_000, `the WAL held the writes: ${grown} frames`);
      writePages(10);
      assert.ok(wal().log < grown / 10, `the WAL started over: ${wal().log} frames`);
    } finally {
      observer.close();
      checkpointer.close();
      writer.close();
    }
  });

  test("the thread starts only once the WAL first passes its size: an idle database never needs it", async () => {
    const { file, writer, writePages } = openWriter("lazy.sqlite");
    const checkpointer = startCheckpointer(file, writer, { startAfterWalBytes: 256 * PAGE });
    try {
      writePages(20);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      assert.equal(writer.pragma("wal_autocheckpoint", { simple: true }), 1_000, "SQLite's own, no thread");
      writePages(300);
      await until(() => writer.pragma("wal_autocheckpoint", { simple: true }) === 2_000);
    } finally {
      checkpointer.close();
      writer.close();
    }
  });

  test("past the valve the writer checkpoints on its own, so the WAL cannot grow without end", async () => {
    const idle = openWriter("idle-thread.sqlite");
    const valve = openWriter("valve.sqlite");
    // Threads that never look: only the writer's own checkpoint can move pages into the file.
    const idleCheckpointer = startCheckpointer(idle.file, idle.writer, {
      intervalMs: 60_000,
      startAfterWalBytes: 0,
    });
    const valveCheckpointer = startCheckpointer(valve.file, valve.writer, {
      intervalMs: 60_000,
      startAfterWalBytes: 0,
      valveFrames: 200,
    });
    try {
      const idleBefore = statSync(idle.file).size;
      const valveBefore = statSync(valve.file).size;
      idle.writePages(1_500);
      valve.writePages(1_500);
      assert.equal(statSync(idle.file).size, idleBefore, "no checkpoint below the default valve");
      assert.ok(
        statSync(valve.file).size >= valveBefore + 1_000 * PAGE,
        "the writer checkpointed past 200 frames",
      );
    } finally {
      idleCheckpointer.close();
      valveCheckpointer.close();
      idle.writer.close();
      valve.writer.close();
    }
  });

  test("a thread that cannot open the database leaves the checkpoints to the writer again", async () => {
    const { writer } = openWriter("gone.sqlite");
    // The thread opens its own connection by name: under a folder that is gone, it fails.
    const checkpointer = startCheckpointer(join(folder, "gone", "nowhere.sqlite"), writer, {
      startAfterWalBytes: 0,
    });
    try {
      assert.equal(writer.pragma("wal_autocheckpoint", { simple: true }), 2_000);
      await until(() => writer.pragma("wal_autocheckpoint", { simple: true }) === 1_000);
    } finally {
      checkpointer.close();
      writer.close();
    }
  });
});
