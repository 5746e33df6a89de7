import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";

export interface CheckpointerOptions {
  /** How often the thread looks for new commits to checkpoint. */
  intervalMs?: number;
  /** WAL frames past which the writer checkpoints on its own (`wal_autocheckpoint`). */
  valveFrames?: number;
  /** The WAL's size at which the thread starts (0: at once). */
  startAfterWalBytes?: number;
}

/**
 * The WAL starts over only when a write finds every frame already copied, and copying never quite
 * catches up with writes that never pause: only the writer's own checkpoint, right after its
 * commit, is sure to. So the writer keeps one, at twice SQLite's 1,000 frames; by then the thread
 * has copied and synced nearly all of them, and it finds little left. Left to the thread alone
 * (32,768 frames), the WAL grew to 128 MB under load and the writer's eventual checkpoint stalled
 * commits 20–45 ms.
 */
const VALVE_FRAMES = 2_000;

/** A WAL still this long after a pass means writes outpace the thread: it copies again at once. */
const BEHIND_FRAMES = 500;

/**
 * The thread's whole program (CommonJS, given as text so it runs the same from source and from
 * dist): its own connection, and a PASSIVE checkpoint whenever another connection has committed
 * since the last look. PASSIVE never waits for the writer or blocks it.
 */
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("synchronous = NORMAL");
let seen = null;
let timer = null;
const look = () => {
  let next = workerData.intervalMs;
  const version = db.pragma("data_version", { simple: true });
  if (version !== seen) {
    seen = version;
    const [report] = db.pragma("wal_checkpoint(PASSIVE)");
    // Writes outpace the passes: copy again at once, so the writer's own checkpoint at the valve
    // finds little left to copy and sync.
    if (report.log > workerData.behindFrames) next = 0;
  }
  timer = setTimeout(look, next);
};
timer = setTimeout(look, workerData.intervalMs);
parentPort.on("message", () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1,000 pages, on the
 * event loop: copying the pages and two fsyncs (about 2.3 µs a page here) held it 8–19 ms, a
 * commit's p99 was 11 ms. A worker thread with its own connection copies and syncs the WAL every
 * 20 ms instead (PASSIVE: it never blocks the writer); the writer's own checkpoint, at
 * `valveFrames`, then finishes little more than the last few milliseconds of writes.
 */
export function startCheckpointer(
  file: string,
  writer: BetterSqlite3.Database,
  options: CheckpointerOptions = {},
): { close(): void } {
  // A WAL that grew under a burst is cut back to 64 MB when it starts over, not kept at its peak.
  writer.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  let thread: Worker | null = null;
  let closed = false;
  const start = () => {
    writer.pragma(`wal_autocheckpoint = ${options.valveFrames ?? VALVE_FRAMES}`);
    thread = new Worker(THREAD, {
      eval: true,
      workerData: {
        file,
        driver: createRequire(import.meta.url).resolve("better-sqlite3"),
        intervalMs: options.intervalMs ?? 20,
        behindFrames: BEHIND_FRAMES,
      },
    });
    thread.unref();
    // A thread that fails (its connection cannot open; or, on shutdown, the folder is already gone)
    // leaves the checkpoints to the writer again, as SQLite does by default.
    thread.on("error", () => {
      thread = null;
      if (!closed) writer.pragma("wal_autocheckpoint = 1000");
    });
  };

  // The thread's isolate is about 10 MB of memory, which an idle Tandem never needs: until the WAL
  // first passes `startAfterWalBytes`, the writer checkpoints itself as SQLite does by default.
  const startAfter = options.startAfterWalBytes ?? 1024 * 1024;
  const walBytes = () => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  let watch: NodeJS.Timeout | null = null;
  if (walBytes() >= startAfter) start();
  else {
    watch = setInterval(() => {
      if (walBytes() < startAfter) return;
      if (watch) clearInterval(watch);
      watch = null;
      start();
    }, 1_000);
    watch.unref();
  }
  return {
    close() {
      closed = true;
      if (watch) clearInterval(watch);
      thread?.postMessage("close");
    },
  };
}
