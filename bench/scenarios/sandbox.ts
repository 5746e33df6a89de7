import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Running } from "../lib/processes.js";
import { Storage } from "../lib/tandem.js";

/** Three ways to start, measured in turns in the same run so the machine's mood falls on all alike. */
const SETUPS = {
  /** TANDEM_DEMO=false: no demo business, and the sandbox's code never read. */
  demoOff: { TANDEM_DEMO: "false" },
  /** The demo business alone: the sandbox left out (it needs webhooks to 127.0.0.1). */
  demoWithoutSandbox: { TANDEM_DEMO: "true", TANDEM_ALLOW_PRIVATE_WEBHOOKS: "false" },
  /** What `npm start` runs: the demo business and the sandbox. */
  demoWithSandbox: { TANDEM_DEMO: "true", TANDEM_ALLOW_PRIVATE_WEBHOOKS: "true" },
} as const;

type Setup = keyof typeof SETUPS;
type PerSetup<Value> = Record<Setup, Value>;

export interface SandboxCostResult {
  /** Spawn → `/readyz` with a fresh data folder, per run. */
  coldStartMs: PerSetup<number[]>;
  /** Resident memory once idle (for the sandbox, after it set itself up), per run. */
  idleRssMb: PerSetup<number[]>;
  /** Spawn → the sandbox set up (registered, installed, channel active, history posted). */
  sandboxReadyMs: number[];
  /** Modules of packages/sandbox the process loaded. */
  sandboxModules: { demoOff: number; demoWithSandbox: number };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
export const medianOf = median;

async function sandboxReady(running: Running): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const state = (await (await fetch(`${running.url}/sandbox/api/state`)).json()) as {
      status?: { ready?: boolean };
    };
    if (state.status?.ready) return;
    if (Date.now() > deadline) throw new Error("the sandbox did not set itself up");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How many of the sandbox's modules a setup loads, by Node's own module hooks. */
async function sandboxModulesLoaded(setup: Setup): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), "tandem-bench-modules-"));
  const file = join(folder, "loaded.txt");
  const storage = new Storage("sqlite");
  try {
    const running = await storage.start({ ...SETUPS[setup], BENCH_LOADED_MODULES: file }, [
      "--import",
      join(import.meta.dirname, "../lib/loaded-modules.mjs"),
    ]);
    if (setup === "demoWithSandbox") await sandboxReady(running);
    await running.stop();
    const loaded = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
    return new Set(loaded.filter((url) => url.includes("/packages/sandbox/"))).size;
  } finally {
    await storage.remove();
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The sandbox's cost: cold start and idle memory with the demo off, with the demo business alone,
 * and with the demo and its sandbox, each from a fresh data folder, in turns.
 */
export async function sandboxCost(runs: number, idleMs: number): Promise<SandboxCostResult> {
  const empty = (): PerSetup<number[]> => ({ demoOff: [], demoWithoutSandbox: [], demoWithSandbox: [] });
  const coldStartMs = empty();
  const idleRssMb = empty();
  const sandboxReadyMs: number[] = [];
  const order = Object.keys(SETUPS) as Setup[];
  for (let run = 0; run < runs; run++) {
    // Each run starts with a different setup, so none always goes first.
    const turn = [...order.slice(run % order.length), ...order.slice(0, run % order.length)];
    for (const setup of turn) {
      const storage = new Storage("sqlite");
      const started = performance.now();
      const running = await storage.start(SETUPS[setup]);
      coldStartMs[setup].push(running.startedInMs);
      if (setup === "demoWithSandbox") {
        await sandboxReady(running);
        sandboxReadyMs.push(Math.round(performance.now() - started));
      }
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      idleRssMb[setup].push(running.rssMb());
      await running.stop();
      await storage.remove();
    }
  }
  return {
    coldStartMs,
    idleRssMb,
    sandboxReadyMs,
    sandboxModules: {
      demoOff: await sandboxModulesLoaded("demoOff"),
      demoWithSandbox: await sandboxModulesLoaded("demoWithSandbox"),
    },
  };
}
