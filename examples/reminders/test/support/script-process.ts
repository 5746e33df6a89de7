import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { eventually } from "@tandem/test-support";

const EXAMPLE_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One of the example's scripts running as its own process, started the way `npm start` starts it. */
export interface ScriptProcess {
  /** Every line it printed to stdout so far. */
  readonly lines: string[];
  readonly stderr: () => string;
  waitForLine(match: (line: string) => boolean, what: string): Promise<string>;
  /** Stops it as Ctrl-C would; answers its exit code. */
  stop(): Promise<number | null>;
  exited(): Promise<number | null>;
}

export function spawnScript(script: string, env: Record<string, string>): ScriptProcess {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: EXAMPLE_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    const complete = stdout.split("\n");
    stdout = complete.pop() ?? "";
    lines.push(...complete);
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    lines,
    stderr: () => stderr,
    async waitForLine(match, what) {
      try {
        return await eventually(async () => lines.find(match), 20_000, what);
      } catch (error) {
        throw new Error(`${(error as Error).message}; printed:\n${lines.join("\n")}\nstderr:\n${stderr}`);
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGINT");
      return exit;
    },
    exited: () => exit,
  };
}
