import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@tandem/test-support/process";

export const ROOT = join(import.meta.dirname, "../..");
export const TANDEM_MAIN = join(ROOT, "packages/server/dist/bundle/main.js");

/** The Node flags `npm start` runs Tandem with (read from package.json, so the bench measures what users run). */
export const START_FLAGS: string[] = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .filter((part) => part.startsWith("--"));

export interface Running {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn until the readiness URL answered 200. */
  startedInMs: number;
  rssMb(): number;
  stop(): Promise<void>;
}

/** Resident memory of a process, from /proc (Linux). */
export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Starts a Node program as its own process (the load generator stays in this one) and waits for it. */
export async function startProcess(
  script: string,
  env: Record<string, string>,
  readyPath = "/readyz",
  args: string[] = [],
): Promise<Running> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...args, script], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: [
      "ignore",
      process.env.BENCH_CHILD_STDOUT ? "inherit" : "ignore",
      process.env.BENCH_CHILD_STDERR ? "inherit" : "pipe",
    ],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-5000);
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited:\n${errors}`);
    try {
      if ((await fetch(`${url}${readyPath}`)).status === 200) break;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const startedInMs = Math.round(performance.now() - started);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    child,
    startedInMs,
    rssMb: () => rssMbOf(child.pid ?? 0),
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
