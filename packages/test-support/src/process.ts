import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** A free port on 127.0.0.1, for a child server whose address the test must know in advance. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The server ended before it was ready (a refusal to start, say): its exit code and what it wrote. */
export class TandemExited extends Error {
  constructor(
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`tandem exited during start (code ${code}):\n${output}`);
  }
}

export interface TandemProcess {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn until `/readyz` answered 200. */
  readyAfterMs: number;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The real server as a child process (`src/main.ts`, or a built script such as the bundle, or the
 * command line with `args` such as `["start"]`), for crash, multi-process, build and CLI tests.
 */
export async function spawnTandem(
  env: Record<string, string>,
  port?: number,
  main?: string,
  args: string[] = [],
): Promise<TandemProcess> {
  // Loaded only to spawn from source: the bench's driver imports this module, and must not load the server.
  main ??= (await import("@tandem/server/testing")).MAIN_SOURCE;
  const chosen = port ?? (await freePort());
  const started = Date.now();
  const command = [...(main.endsWith(".ts") ? ["--import", "tsx", main] : [main]), ...args];
  const child = spawn(process.execPath, command, {
    env: {
      ...process.env,
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: String(chosen),
      TANDEM_DEMO: "false",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // After "exit", what the child wrote may still be on its way; "close" comes once it has all arrived.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const url = `http://127.0.0.1:${chosen}`;
  for (;;) {
    if (child.exitCode !== null) {
      await closed;
      throw new TandemExited(child.exitCode, output);
    }
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60_000) {
      child.kill("SIGKILL");
      throw new Error(`tandem did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    readyAfterMs: Date.now() - started,
    output: () => output,
    async kill(signal: NodeJS.Signals = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Starts a server that must refuse to start; answers its exit code and what it wrote. */
export async function startRefused(env: Record<string, string>): Promise<TandemExited> {
  try {
    const started = await spawnTandem(env);
    await started.kill();
  } catch (error) {
    if (error instanceof TandemExited) return error;
    throw error;
  }
  throw new Error("the server started, and should have refused");
}
