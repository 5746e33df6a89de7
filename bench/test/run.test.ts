import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Row } from "../lib/report.js";
import type { SdkCallResult } from "../scenarios/sdk-call.js";
import type { BundleSize } from "../scenarios/sdk-size.js";

const ROOT = join(import.meta.dirname, "../..");
const SCENARIOS = [
  "footprint",
  "sandbox",
  "ingest",
  "fanout",
  "delivery",
  "history",
  "realtime",
  "profile",
  "profile-fanout",
  "sdk-size",
  "sdk-call",
];

/** `npm run bench` itself, every scenario at a small size, into a folder of its own. */
function runBench(resultsDir: string): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_RESULTS_DIR: resultsDir,
    BENCH_SECONDS: "1",
    BENCH_EVENTS: "300",
    BENCH_HISTORY_MESSAGES: "5000",
    BENCH_SOCKETS: "40",
  };
  // The test runner's NODE_ENV would reach the servers under test; the bench measures them as run.
  delete env.NODE_ENV;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", ...SCENARIOS], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000);
    });
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("npm run bench", () => {
  it("runs every scenario and writes its figures, table and chart, leaving the README alone", async () => {
    const resultsDir = mkdtempSync(join(tmpdir(), "tandem-bench-"));
    const readmeBefore = readFileSync(join(ROOT, "README.md"), "utf8");
    try {
      const { code, stderr } = await runBench(resultsDir);
      assert.equal(code, 0, stderr);

      // Named by date and machine, the first run of its kind in the folder: e.g. 2026-12-02-epyc-2c-a.
      const date = new Date().toISOString().slice(0, 10);
      const named = new RegExp(`^${date}-([a-z0-9]+-)*${cpus().length}c-a\\.(json|md|svg)$`);
      const files = readdirSync(resultsDir).filter((file) => named.test(file));
      assert.equal(files.length, 3, readdirSync(resultsDir).join(", "));
      const name = (files[0] ?? "").replace(/\.(json|md|svg)$/, "");
      const report = JSON.parse(readFileSync(join(resultsDir, `${name}.json`), "utf8")) as {
        results: Record<string, unknown>;
        rows: Row[];
      };
      for (const row of report.rows) {
        // A count may rightly be none: the SDK's client bundles no dependency, and a setup without the
        // sandbox loads none of its modules; every other figure is some.
        const least = row.unit === "packages" || row.unit === "modules" ? 0 : Number.MIN_VALUE;
        assert.ok(
          Number.isFinite(row.value) && row.value >= least,
          `${row.scenario} ${row.figure}: ${row.value}`,
        );
      }
      const row = (scenario: string, figure: string) => {
        const found = report.rows.find(
          (candidate) => candidate.scenario === scenario && candidate.figure === figure,
        );
        assert.ok(found, `no row for ${scenario} / ${figure}`);
        return found;
      };
      // Every figure with a target says whether it met it; throughput comes as a ratio to its floor.
      for (const withTarget of report.rows.filter((candidate) => candidate.target)) {
        assert.equal(typeof withTarget.met, "boolean", `${withTarget.scenario} ${withTarget.figure}`);
      }
      for (const [scenario, figure] of [
        ["ingest sqlite", "requests/s"],
        ["ingest postgres", "requests/s"],
        ["delivery", "deliveries/s"],
        ["ingest sqlite, 10 matching subscriptions", "requests/s"],
      ] as const) {
        const measured = row(scenario, figure);
        assert.ok(measured.floor && measured.floor > 0, `${scenario}: no floor`);
        assert.equal(measured.ratio, Math.round((measured.value / measured.floor) * 100) / 100);
      }
      row("footprint", "idle RSS");
      row("footprint", "cold start → /readyz (worst of 3)");
      const sandboxStart = row(
        "sandbox: the demo with its sandbox, floor the demo alone",
        "cold start → /readyz (median)",
      );
      assert.ok(sandboxStart.floor && sandboxStart.floor > 0, "the demo alone, measured in the same run");
      row("sandbox: the demo with its sandbox, floor the demo alone", "idle RSS (median)");
      const modules = report.rows.find((candidate) => candidate.unit === "modules");
      assert.equal(modules?.value, 0, "TANDEM_DEMO=false loads none of the sandbox");
      assert.equal(modules?.met, true, "and the demo with its sandbox does load it");
      row("delivery at 1,000 events/s", "p99 event → receiver");
      row("history, 5,000 messages", "p99 thread page (50)");
      row("realtime, 40 sockets", "p99 POST → socket");
      // The SDK beside the same job done by hand, each figure with the bare one as its floor.
      for (const [scenario, figure] of [
        ["SDK bundle, browser / edge: the client only (import { Tandem })", "minified + gzipped"],
        ["SDK bundle, Node: the webhook handler only (import { WebhookHandler })", "minified"],
        ["SDK bundle, Node: everything (import *)", "minified + gzipped"],
        ["SDK call (messages.create) against Tandem (SQLite), sequential", "requests/s"],
        ["SDK call (messages.create) against Tandem (SQLite), 64 at a time", "p99"],
        ["SDK call (messages.create) against a bare HTTP server giving Tandem's answer, sequential", "p50"],
        [
          "SDK call (messages.create) against a bare HTTP server giving Tandem's answer, 64 at a time",
          "client CPU per call",
        ],
      ] as const) {
        const measured = row(scenario, figure);
        assert.ok(measured.floor && measured.floor > 0, `${scenario}: no floor`);
        assert.equal(measured.ratio, Math.round((measured.value / measured.floor) * 100) / 100);
      }
      const sizes = report.results.sdk_size as Array<{ sdk: BundleSize; baseline: BundleSize }>;
      assert.equal(sizes.length, 6);
      for (const bundle of sizes.flatMap(({ sdk, baseline }) => [sdk, baseline])) {
        assert.ok(
          bundle.gzippedBytes > 0 && bundle.gzippedBytes < bundle.minifiedBytes,
          JSON.stringify(bundle),
        );
      }
      const calls = report.results.sdk_call as SdkCallResult;
      assert.equal(calls.answer.status, 201);
      for (const { sdk, bareFetch } of [...calls.tandem, ...calls.bareServer]) {
        for (const figures of [sdk, bareFetch]) {
          assert.ok(figures.calls > 0, JSON.stringify(figures));
          assert.equal(figures.errors, 0, JSON.stringify(figures));
        }
      }
      const profile = report.results.profile as { top: Array<{ name: string; selfPercent: number }> };
      assert.ok(profile.top.length > 0, "the profile found no functions");
      const profileFanout = report.results.profileFanout as { top: Array<{ name: string }> };
      assert.ok(profileFanout.top.length > 0, "the fan-out profile found no functions");

      const table = readFileSync(join(resultsDir, `${name}.md`), "utf8");
      assert.match(table, /\| scenario \| figure \| value \| floor \| ratio \| target \| met \|/);
      assert.match(readFileSync(join(resultsDir, `${name}.svg`), "utf8"), /^<svg[\s\S]*<\/svg>\s*$/);
      assert.equal(readFileSync(join(ROOT, "README.md"), "utf8"), readmeBefore);
    } finally {
      rmSync(resultsDir, { recursive: true, force: true });
    }
  });
});
