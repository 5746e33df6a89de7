import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { ROOT } from "../lib/processes.js";
import { type Row, ratio } from "../lib/report.js";

/** What an app imports, and the hand-written code doing the least of the same job (`bench/baselines/`). */
const PARTS = [
  {
    part: "the client only (import { Tandem })",
    sdk: 'export { Tandem } from "@tandem/sdk";',
    baseline: 'export { createMessage } from "./baselines/bare-fetch.ts";',
  },
  {
    part: "the webhook handler only (import { WebhookHandler })",
    sdk: 'export { WebhookHandler } from "@tandem/sdk";',
    baseline: 'export { verifiedWebhook } from "./baselines/bare-webhook.ts";',
  },
  {
    part: "everything (import *)",
    sdk: 'export * from "@tandem/sdk";',
    baseline:
      'export { createMessage } from "./baselines/bare-fetch.ts";\nexport { verifiedWebhook } from "./baselines/bare-webhook.ts";',
  },
] as const;

/** Browsers and edge runtimes (workers, Deno, Bun), and Node: what an app's own bundler makes of the SDK. */
const PLATFORMS = [
  { platform: "browser", label: "browser / edge", target: "es2022" },
  { platform: "node", label: "Node", target: "node20" },
] as const;

export interface BundleSize {
  minifiedBytes: number;
  gzippedBytes: number;
  /** npm packages the bundle holds besides the code under test (and the app's own). */
  dependencies: Dependency[];
}

export interface Dependency {
  name: string;
  /** Its share of the minified bundle. */
  minifiedBytes: number;
}

export interface SdkSizeResult {
  part: string;
  platform: string;
  sdk: BundleSize;
  baseline: BundleSize;
}

/**
 * The SDK's size in an app's bundle: `@tandem/sdk` as published (its dist/) bundled by esbuild,
 * minified, tree-shaken, then gzipped, for each part an app imports and each platform; beside it
 * the baseline, bundled the same way in the same run.
 */
export async function sdkSize(): Promise<SdkSizeResult[]> {
  const results: SdkSizeResult[] = [];
  for (const { platform, label, target } of PLATFORMS) {
    for (const { part, sdk, baseline } of PARTS) {
      results.push({
        part,
        platform: label,
        sdk: await bundleSize(sdk, platform, target),
        baseline: await bundleSize(baseline, platform, target),
      });
    }
  }
  return results;
}

async function bundleSize(entry: string, platform: "browser" | "node", target: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: entry, resolveDir: join(ROOT, "bench"), loader: "ts", sourcefile: "app.ts" },
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    target,
    write: false,
    metafile: true,
    logLevel: "warning",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return {
    minifiedBytes: code.byteLength,
    gzippedBytes: gzipSync(code, { level: 9 }).byteLength,
    dependencies: dependenciesOf(result.metafile),
  };
}

/**
 * The packages whose code is in the bundle, with their minified bytes, but the SDK itself and the
 * bench's own code. Only modules that left bytes in the output count: the inputs also list what
 * tree-shaking dropped.
 */
function dependenciesOf(metafile: Metafile): Dependency[] {
  const own = new Set(["@tandem/sdk", packageNameOf(join(ROOT, "bench"))]);
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (input === "<stdin>" || bytesInOutput === 0) continue;
      const name = packageNameOf(dirname(join(ROOT, input)));
      if (!own.has(name)) bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes]
    .map(([name, minifiedBytes]) => ({ name, minifiedBytes }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The name in the nearest package.json that has one (a package's dist/ may hold a nameless one). */
function packageNameOf(directory: string): string {
  for (let at = directory; ; at = dirname(at)) {
    const manifest = join(at, "package.json");
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (name) return name;
    }
    if (at === dirname(at)) throw new Error(`no named package.json above ${directory}`);
  }
}

/** Bytes beside the baseline's; dependencies as a count (the names are in the JSON). */
export function sdkSizeRows(results: SdkSizeResult[]): Row[] {
  return results.flatMap(({ part, platform, sdk, baseline }) => {
    const scenario = `SDK bundle, ${platform}: ${part}`;
    const bytes = (figure: string, value: number, floor: number): Row => ({
      scenario,
      figure,
      value,
      unit: "B",
      floor,
      ratio: ratio(value, floor),
      target: "",
    });
    return [
      bytes("minified", sdk.minifiedBytes, baseline.minifiedBytes),
      bytes("minified + gzipped", sdk.gzippedBytes, baseline.gzippedBytes),
      {
        scenario,
        figure: "dependencies bundled",
        value: sdk.dependencies.length,
        unit: "packages",
        floor: baseline.dependencies.length,
        target: "",
      },
    ];
  });
}
