import { percentile } from "./load.js";

/** What a run of calls measured in this process: each call's latency, the failures, the time and CPU it took. */
export interface CallSample {
  latenciesMs: number[];
  errors: number;
  elapsedMs: number;
  /** This process's CPU (user and system) over the run: the client's share of each call. */
  cpuMicros: number;
}

export interface CallFigures {
  calls: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerCall: number;
}

/**
 * Calls `call` for `durationSeconds` from `lanes` loops side by side, each making one call at a
 * time (one lane: sequential). A failed call counts as an error and the loop goes on.
 */
export async function runCalls(
  call: () => Promise<unknown>,
  lanes: number,
  durationSeconds: number,
): Promise<CallSample> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = started + durationSeconds * 1000;
  const lane = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        await call();
        latenciesMs.push(performance.now() - sent);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const cpu = process.cpuUsage(cpuBefore);
  return { latenciesMs, errors, elapsedMs: performance.now() - started, cpuMicros: cpu.user + cpu.system };
}

/** The figures of one client's runs together (its slices of an interleaved measurement). */
export function figuresOf(samples: CallSample[]): CallFigures {
  const latencies = samples.flatMap((sample) => sample.latenciesMs);
  const sum = (pick: (sample: CallSample) => number) =>
    samples.reduce((total, sample) => total + pick(sample), 0);
  const calls = latencies.length;
  return {
    calls,
    errors: sum((sample) => sample.errors),
    requestsPerSecond: Math.round(calls / (sum((sample) => sample.elapsedMs) / 1000)),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    cpuMicrosPerCall: Math.round((sum((sample) => sample.cpuMicros) / Math.max(1, calls)) * 10) / 10,
  };
}
