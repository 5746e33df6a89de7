import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingest, type PrepareTenant } from "./ingest.js";

interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Where ingest spends its CPU: the functions with the most self time, from `--cpu-prof`. */
export async function profileIngest(seconds: number, prepare?: PrepareTenant) {
  const directory = mkdtempSync(join(tmpdir(), "tandem-prof-"));
  try {
    await ingest("sqlite", seconds, {}, ["--cpu-prof", `--cpu-prof-dir=${directory}`], prepare);
    const file = readdirSync(directory).find((name) => name.endsWith(".cpuprofile"));
    if (!file) return { top: [] };
    const profile = JSON.parse(readFileSync(join(directory, file), "utf8")) as { nodes: ProfileNode[] };
    const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
    const byFunction = new Map<string, number>();
    for (const node of profile.nodes) {
      const where = node.callFrame.url
        .replace(/^.*node_modules\//, "")
        .replace(/^file:\/\/.*\/packages\//, "");
      const key = `${node.callFrame.functionName || "(anonymous)"} ${where}:${node.callFrame.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + (node.hitCount ?? 0));
    }
    const top = [...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, hits]) => ({ name, selfPercent: Math.round((hits / total) * 1000) / 10 }));
    return { top };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
