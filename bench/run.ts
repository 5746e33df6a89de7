import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { ROOT } from "./lib/processes.js";
import { markdownTable, type Row, ratio, svgChart } from "./lib/report.js";
import { delivery } from "./scenarios/delivery.js";
import { FANOUT_SUBSCRIPTIONS, fanout, subscribeForFanout } from "./scenarios/fanout.js";
import { footprint } from "./scenarios/footprint.js";
import { history } from "./scenarios/history.js";
import { ceiling, floor, ingest } from "./scenarios/ingest.js";
import { profileIngest } from "./scenarios/profile.js";
import { realtime, realtimeFloor } from "./scenarios/realtime.js";
import { medianOf, sandboxCost } from "./scenarios/sandbox.js";
import { sdkCall, sdkCallRows } from "./scenarios/sdk-call.js";
import { sdkSize, sdkSizeRows } from "./scenarios/sdk-size.js";

/*
 * `npm run bench [scenario …]`: each scenario on 127.0.0.1, bounded in time, every figure beside a
 * floor measured in the same run. Writes bench/results/<date>-<machine>-<letter>.{json,md,svg} (e.g.
 * 2026-12-02-epyc-2c-e: runs of one date and machine told apart by a letter in the order they were
 * made) and the README's table.
 * The sizes below can be made small (bench/test runs every scenario so in CI, to keep it working).
 */
const only = new Set(process.argv.slice(2));
const wanted = (name: string) => only.size === 0 || only.has(name);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const events = Number(process.env.BENCH_EVENTS ?? 10_000);
const historyMessages = Number(process.env.BENCH_HISTORY_MESSAGES ?? 1_000_000);
const sockets = Number(process.env.BENCH_SOCKETS ?? 1_000);
const count = (value: number) => (value >= 1_000_000 ? `${value / 1_000_000}M` : value.toLocaleString("en"));
const results: Record<string, unknown> = {};
const rows: Row[] = [];
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

// First, on a quiet machine: after the history scenario, the writeback of its million-message
// database slowed the next cold starts by up to half a second.
if (wanted("footprint")) {
  log("footprint (start and idle memory)");
  const result = await footprint();
  results.footprint = result;
  const cold = Math.max(...result.coldStartMs);
  rows.push({
    scenario: "footprint",
    figure: "idle RSS",
    value: result.idleRssMb,
    unit: "MB",
    target: "≤ 120 MB",
    met: result.idleRssMb <= 120,
  });
  rows.push({
    scenario: "footprint",
    figure: "cold start → /readyz (worst of 3)",
    value: cold,
    unit: "ms",
    target: "≤ 1500 ms",
    met: cold <= 1500,
  });
}

// Also on a quiet machine, for the same reason: starts and idle memory.
if (wanted("sandbox")) {
  log("sandbox (the demo off, the demo alone, the demo with its sandbox; in turns)");
  const result = await sandboxCost(seconds >= 5 ? 3 : 1, Math.min(3_000, seconds * 1_000));
  results.sandbox = result;
  const cold = (setup: keyof typeof result.coldStartMs) => medianOf(result.coldStartMs[setup]);
  const rss = (setup: keyof typeof result.idleRssMb) => medianOf(result.idleRssMb[setup]);
  const withSandbox = { cold: cold("demoWithSandbox"), rss: rss("demoWithSandbox") };
  const alone = { cold: cold("demoWithoutSandbox"), rss: rss("demoWithoutSandbox") };
  rows.push({
    scenario: "sandbox: the demo with its sandbox, floor the demo alone",
    figure: "cold start → /readyz (median)",
    value: withSandbox.cold,
    unit: "ms",
    floor: alone.cold,
    ratio: ratio(withSandbox.cold, alone.cold),
    target: "≤ floor + 300 ms",
    met: withSandbox.cold - alone.cold <= 300,
  });
  rows.push({
    scenario: "sandbox: the demo with its sandbox, floor the demo alone",
    figure: "idle RSS (median)",
    value: withSandbox.rss,
    unit: "MB",
    floor: alone.rss,
    ratio: ratio(withSandbox.rss, alone.rss),
    target: "≤ floor + 20 MB",
    met: withSandbox.rss - alone.rss <= 20,
  });
  rows.push({
    scenario: "sandbox: the demo with its sandbox",
    figure: "spawn → sandbox set up (median)",
    value: medianOf(result.sandboxReadyMs),
    unit: "ms",
    target: "",
  });
  rows.push({
    scenario: "sandbox: TANDEM_DEMO=false",
    figure: "cold start → /readyz (median)",
    value: cold("demoOff"),
    unit: "ms",
    target: "",
  });
  rows.push({
    scenario: "sandbox: TANDEM_DEMO=false",
    figure: "idle RSS (median)",
    value: rss("demoOff"),
    unit: "MB",
    target: "",
  });
  rows.push({
    scenario: "sandbox: TANDEM_DEMO=false",
    figure: `sandbox modules loaded (with it: ${result.sandboxModules.demoWithSandbox})`,
    value: result.sandboxModules.demoOff,
    unit: "modules",
    target: "0",
    met: result.sandboxModules.demoOff === 0 && result.sandboxModules.demoWithSandbox > 0,
  });
}

if (wanted("ingest")) {
  log("floor (bare Fastify)");
  const base = await floor(seconds, join(import.meta.dirname, "servers/floor.mjs"));
  results.floor = base;
  for (const dialect of ["sqlite", "postgres"] as const) {
    log(`ceiling on ${dialect} (the floor plus the message insert alone)`);
    const bound = await ceiling(dialect, seconds, join(import.meta.dirname, "servers/ceiling.mjs"));
    results[`ceiling_${dialect}`] = bound;
    rows.push({
      scenario: `ceiling ${dialect}: the floor plus the message insert alone`,
      figure: "requests/s",
      value: bound.requestsPerSecond,
      unit: "req/s",
      floor: base.requestsPerSecond,
      ratio: ratio(bound.requestsPerSecond, base.requestsPerSecond),
      target: "",
    });
    rows.push({
      scenario: `ceiling ${dialect}: the floor plus the message insert alone`,
      figure: "p99",
      value: bound.p99Ms,
      unit: "ms",
      target: "",
    });
    for (const groupCommit of [false, true]) {
      log(`ingest on ${dialect}, group commit ${groupCommit ? "on" : "off"}`);
      const result = await ingest(dialect, seconds, { TANDEM_GROUP_COMMIT: String(groupCommit) });
      results[`ingest_${dialect}_${groupCommit ? "group_commit" : "transaction_per_request"}`] = result;
      const need = dialect === "sqlite" ? 0.5 : 0.3;
      const label = `ingest ${dialect}${groupCommit ? "" : " (before: a transaction per request)"}`;
      const share = ratio(result.requestsPerSecond, base.requestsPerSecond);
      rows.push({
        scenario: label,
        figure: "requests/s",
        value: result.requestsPerSecond,
        unit: "req/s",
        floor: base.requestsPerSecond,
        ratio: share,
        target: `≥ ${need}× floor`,
        met: share >= need,
      });
      rows.push({ scenario: label, figure: "p50", value: result.p50Ms, unit: "ms", target: "" });
      rows.push({
        scenario: label,
        figure: "p99",
        value: result.p99Ms,
        unit: "ms",
        target: "≤ 25 ms",
        met: result.p99Ms <= 25,
      });
      if (dialect === "sqlite" && groupCommit) {
        rows.push({
          scenario: "footprint",
          figure: "RSS under ingest load",
          value: result.peakRssMb,
          unit: "MB",
          target: "",
        });
      }
    }
  }
}

if (wanted("fanout")) {
  log(`fan-out (ingest on sqlite with no subscriptions, then with ${FANOUT_SUBSCRIPTIONS} matching)`);
  const result = await fanout(seconds);
  results.fanout = result;
  const scenario = `ingest sqlite, ${FANOUT_SUBSCRIPTIONS} matching subscriptions`;
  rows.push({
    scenario: "ingest sqlite, no subscriptions",
    figure: "requests/s",
    value: result.none.requestsPerSecond,
    unit: "req/s",
    target: "",
  });
  rows.push({
    scenario,
    figure: "requests/s",
    value: result.subscribed.requestsPerSecond,
    unit: "req/s",
    floor: result.none.requestsPerSecond,
    ratio: ratio(result.subscribed.requestsPerSecond, result.none.requestsPerSecond),
    target: "",
  });
  rows.push({ scenario, figure: "p99", value: result.subscribed.p99Ms, unit: "ms", target: "" });
}

if (wanted("delivery")) {
  log("delivery (drain and steady 1,000/s)");
  const result = await delivery("sqlite", events, seconds);
  results.delivery = result;
  const share = ratio(result.deliveriesPerSecond, result.floorPerSecond);
  rows.push({
    scenario: "delivery ceiling: the floor plus each claim and outcome alone",
    figure: "deliveries/s",
    value: result.ceilingPerSecond,
    unit: "/s",
    floor: result.floorPerSecond,
    ratio: ratio(result.ceilingPerSecond, result.floorPerSecond),
    target: "",
  });
  rows.push({
    scenario: "delivery",
    figure: "deliveries/s",
    value: result.deliveriesPerSecond,
    unit: "/s",
    floor: result.floorPerSecond,
    ratio: share,
    target: "≥ 0.5× floor",
    met: share >= 0.5,
  });
  rows.push({
    scenario: "delivery at 1,000 events/s",
    figure: "p50 event → receiver",
    value: result.steadyP50Ms,
    unit: "ms",
    target: "",
  });
  rows.push({
    scenario: "delivery at 1,000 events/s",
    figure: "p99 event → receiver",
    value: result.steadyP99Ms,
    unit: "ms",
    target: "≤ 50 ms",
    met: result.steadyP99Ms <= 50,
  });
}

// History before realtime: its one-connection p99 is the figure most sensitive to what an earlier
// scenario leaves on the machine. Right after the 1,000 sockets of realtime were torn down it
// measured 7–8 ms, against 4–6 ms alone (bench/FINDINGS.md).
if (wanted("history")) {
  log(`history (${count(historyMessages)} messages)`);
  const result = await history(historyMessages, seconds);
  results.history = result;
  rows.push({
    scenario: `history, ${count(historyMessages)} messages`,
    figure: "p99 thread page (50)",
    value: result.p99Ms,
    unit: "ms",
    target: "≤ 5 ms",
    met: result.p99Ms <= 5,
  });
  rows.push({
    scenario: `history, ${count(historyMessages)} messages`,
    figure: "pages/s",
    value: result.requestsPerSecond,
    unit: "/s",
    target: "",
  });
}

if (wanted("realtime")) {
  const messages = Math.max(20, seconds * 20);
  const script = join(import.meta.dirname, "servers/broadcast.mjs");
  log(`realtime floor (bare Fastify broadcasting to ${count(sockets)} sockets)`);
  const base = await realtimeFloor(script, sockets, messages, 20);
  results.realtime_floor = base;
  log("realtime floor with Tandem's two events per message");
  const twoEvents = await realtimeFloor(script, sockets, messages, 20, true);
  results.realtime_floor_two_events = twoEvents;
  log(`realtime (${count(sockets)} sockets)`);
  const result = await realtime(sockets, messages, 20);
  results.realtime = result;
  const floors = [
    [`realtime floor: bare Fastify broadcast, ${count(sockets)} sockets`, base],
    ["realtime floor: the same, two events per message as Tandem sends", twoEvents],
  ] as const;
  for (const [scenario, floor] of floors) {
    for (const [figure, value] of [
      ["p50 POST → socket", floor.p50Ms],
      ["p99 POST → socket", floor.p99Ms],
    ] as const) {
      rows.push({ scenario, figure, value, unit: "ms", target: "" });
    }
  }
  const scenario = `realtime, ${count(sockets)} sockets`;
  rows.push({
    scenario,
    figure: "p50 POST → socket",
    value: result.p50Ms,
    unit: "ms",
    floor: twoEvents.p50Ms,
    target: "",
  });
  rows.push({
    scenario,
    figure: "p99 POST → socket",
    value: result.p99Ms,
    unit: "ms",
    floor: twoEvents.p99Ms,
    target: "≤ 25 ms",
    met: result.p99Ms <= 25,
  });
}

if (wanted("profile")) {
  log("profile (ingest on SQLite under --cpu-prof)");
  results.profile = await profileIngest(seconds);
}

if (wanted("profile-fanout")) {
  log(
    `profile-fanout (ingest on SQLite with ${FANOUT_SUBSCRIPTIONS} matching subscriptions, under --cpu-prof)`,
  );
  results.profileFanout = await profileIngest(seconds, subscribeForFanout);
}

// The SDK an app puts beside its own code: its bundle size, and its cost per call, each against the
// same job done by hand (bench/baselines/) in the same run.
if (wanted("sdk-size")) {
  log("sdk-size (the SDK bundled for the browser and for Node)");
  const result = await sdkSize();
  results.sdk_size = result;
  rows.push(...sdkSizeRows(result));
}

if (wanted("sdk-call")) {
  log("sdk-call (messages.create through the SDK and through a bare fetch)");
  const result = await sdkCall(seconds);
  results.sdk_call = result;
  rows.push(...sdkCallRows(result));
}

const date = new Date().toISOString().slice(0, 10);
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version };
// A run of some scenarios only goes to results/partial/ (not kept in git), so it never overwrites
// the day's full run that the README shows; BENCH_RESULTS_DIR sends a run elsewhere, README untouched.
const directory =
  process.env.BENCH_RESULTS_DIR ?? join(import.meta.dirname, "results", only.size === 0 ? "" : "partial");
mkdirSync(directory, { recursive: true });
const name = runName(directory, `${date}-${machineSlug(machine.cpu, machine.cpus)}`);
writeFileSync(
  join(directory, `${name}.json`),
  `${JSON.stringify({ date, machine, results, rows }, null, 2)}\n`,
);
const table = markdownTable(rows);
writeFileSync(
  join(directory, `${name}.md`),
  `# Benchmarks ${date}\n\n${machine.cpus} × ${machine.cpu}, Node ${machine.node}\n\n${table}\n`,
);
writeFileSync(
  join(directory, `${name}.svg`),
  svgChart(
    rows.filter((row) => row.target),
    `Tandem against its targets, ${date}`,
  ),
);

if (only.size === 0 && !process.env.BENCH_RESULTS_DIR) {
  const readme = join(ROOT, "README.md");
  const text = readFileSync(readme, "utf8");
  const section = `<!-- bench:start -->\nMeasured ${date} on ${machine.cpus} × ${machine.cpu}, Node ${machine.node} (\`npm run bench\`; details in [bench/results](bench/results/${name}.md)):\n\n${table}\n\n![Benchmarks against their targets](bench/results/${name}.svg)\n<!-- bench:end -->`;
  writeFileSync(readme, text.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, section));
}
process.stdout.write(`${table}\n`);

/** The machine as a name: the CPU model without vendor, trademarks, core count or clock, then the cores ("epyc-2c"). */
function machineSlug(model: string | undefined, cores: number): string {
  const words = (model ?? "")
    .toLowerCase()
    .replace(/\((r|tm)\)|@.*$|\b\d+-core\b|\b(amd|intel|cpu|processor)\b/g, " ")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return [...words, `${cores}c`].join("-");
}

/**
 * `<stem>-<letter>`: the letter after the last one a run of the same stem took in `directory`
 * (a, b, …, z, then aa, ab, …), so the letters keep the order the runs were made in.
 */
function runName(directory: string, stem: string): string {
  const pattern = new RegExp(`^${stem}-([a-z]+)\\.(json|md|svg)$`);
  const toIndex = (letters: string) =>
    [...letters].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 96, 0);
  const toLetters = (index: number): string =>
    index === 0 ? "" : toLetters(Math.floor((index - 1) / 26)) + String.fromCharCode(97 + ((index - 1) % 26));
  const taken = readdirSync(directory).map((file) => toIndex(pattern.exec(file)?.[1] ?? ""));
  return `${stem}-${toLetters(Math.max(0, ...taken) + 1)}`;
}
