import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CodeBlock } from "./code-blocks.js";

export const REPO_ROOT = join(import.meta.dirname, "../../../..");
const CLI = join(REPO_ROOT, "packages/server/src/cli/main.ts");

/** What the program prints before each block (`::guide-block N::`) and after the last (`::guide-end::`). */
export const blockMarker = (index: number) => `::guide-block ${index}::`;
export const END_MARKER = "::guide-end::";

/** The guide's program, and where each of its lines comes from. */
export interface Program {
  source: string;
  /** Replaces `app.ts(12,5)` (tsc) and `app.ts:12:5` (stack traces) with the guide's own line. */
  inGuideTerms(text: string): string;
}

/**
 * The guide's TypeScript blocks as one module, in order: each preceded by a line saying which block
 * starts, so that the test knows every block ran, and each line traced back to the guide's.
 */
export function programSource(blocks: readonly CodeBlock[], guidePath: string): Program {
  const lines: string[] = [];
  /** For each line of the program (from 1), the guide's line, where it is one of the guide's. */
  const guideLine: Array<number | undefined> = [undefined];
  blocks.forEach((block, index) => {
    lines.push(`console.log(${JSON.stringify(blockMarker(index))});`);
    guideLine.push(undefined);
    block.code.split("\n").forEach((line, offset) => {
      lines.push(line);
      guideLine.push(block.line + 1 + offset);
    });
  });
  lines.push(`console.log(${JSON.stringify(END_MARKER)});`, "");
  const place = (line: string) => {
    const inGuide = guideLine[Number(line)];
    return inGuide === undefined ? `app.ts line ${line}` : `${guidePath}:${inGuide}`;
  };
  return {
    source: lines.join("\n"),
    inGuideTerms: (text) =>
      text
        .replace(/\S*app\.ts\((\d+),\d+\)/g, (_, line: string) => place(line))
        .replace(/\S*app\.ts:(\d+):\d+/g, (_, line: string) => place(line)),
  };
}

/**
 * A folder of its own for the program, as a reader's `my-app/` would be: an ES module package whose
 * `node_modules` is the workspace's, so `@tandem/sdk` and `tsx` resolve as they do in the checkout.
 */
export function writeProgram(source: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "tandem-guide-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: join(REPO_ROOT, "tsconfig.base.json"),
      compilerOptions: { noEmit: true, types: ["node"] },
      files: ["app.ts"],
    }),
  );
  writeFileSync(join(dir, "app.ts"), source);
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `tsc --noEmit` over the program, strict, with the types the SDK ships (its built `dist`). */
export function typecheck(dir: string): { status: number | null; output: string } {
  const tsc = join(REPO_ROOT, "node_modules/typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The program running as `npx tsx app.ts` would run it, its output kept line by line. */
export class ProgramRun {
  readonly lines: string[] = [];
  private stderr = "";
  /** Why it ended, once it has (its output all read). */
  private ended: string | undefined;
  private readonly child: ChildProcess;
  private readonly closed: Promise<void>;
  private readonly waiters = new Set<() => void>();

  /** `translate` rewrites what it printed for a reader (program lines into the guide's). */
  constructor(
    dir: string,
    env: Record<string, string>,
    private readonly translate: (text: string) => string = (text) => text,
  ) {
    this.child = spawn(process.execPath, ["--import", "tsx", "app.ts"], {
      cwd: dir,
      env: { ...process.env, ...env },
    });
    let partial = "";
    this.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      this.lines.push(...parts);
      this.wake();
    });
    this.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    this.closed = new Promise((resolve) => {
      this.child.once("close", (code, signal) => {
        this.ended = `the program ended (${signal ?? `exit code ${code}`})`;
        this.wake();
        resolve();
      });
    });
  }

  /** Everything it printed, for a failure's message. */
  get output(): string {
    return this.translate(`--- stdout\n${this.lines.join("\n")}\n--- stderr\n${this.stderr}`);
  }

  /** The first line matching, waiting for it; refused if the program ends first. */
  async line(pattern: RegExp): Promise<RegExpExecArray> {
    for (;;) {
      for (const line of this.lines) {
        const match = pattern.exec(line);
        if (match) return match;
      }
      if (this.ended) throw new Error(`${this.ended} before printing ${pattern}\n${this.output}`);
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
  }

  /** Ctrl+C, as the guide says, and the wait for the process to end. */
  async stop(): Promise<void> {
    if (!this.ended) this.child.kill("SIGINT");
    await this.closed;
  }

  private wake(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const resolve of waiting) resolve();
  }
}

/** The `export NAME=value` lines the program printed, for the shell blocks that follow. */
export function exportsOf(lines: readonly string[]): Record<string, string> {
  const pairs = lines.flatMap((line) => {
    const match = /^export ([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    return match?.[1] && match[2] !== undefined ? [[match[1], match[2]] as const] : [];
  });
  return Object.fromEntries(pairs);
}

/**
 * A shell block, as written, from the checkout's root. `npx tandem` runs the command line from its
 * source (what `npm start`'s build would run), so the test needs no build of the server.
 */
export function runShell(
  code: string,
  env: Record<string, string>,
): Promise<{ status: number; output: string }> {
  const npx = `npx() { if [ "$1" = tandem ]; then shift; node --import tsx ${JSON.stringify(CLI)} "$@"; else command npx "$@"; fi; }`;
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["-euo", "pipefail", "-c", `${npx}\n${code}`],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: "utf8" },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ status, output: `${stdout}${stderr}` });
      },
    );
  });
}
