import { join } from "node:path";
import { Tandem } from "@tandem/sdk";
import { createMessage } from "../baselines/bare-fetch.js";
import { type CallFigures, type CallSample, figuresOf, runCalls } from "../lib/calls.js";
import { warmUpSeconds } from "../lib/load.js";
import { startProcess } from "../lib/processes.js";
import { Receiver } from "../lib/receiver.js";
import { type Row, ratio } from "../lib/report.js";
import { Storage, setUpTenant, type Tenant } from "../lib/tandem.js";
import { CONNECTIONS, TEXT } from "./ingest.js";

const SESSIONS = 4;
/** One call at a time, then as many at once as the ingest scenario's connections. */
const MODES = [
  { mode: "sequential", lanes: 1 },
  { mode: `${CONNECTIONS} at a time`, lanes: CONNECTIONS },
] as const;

/** The same figures for the same call, through the SDK and through a bare fetch. */
export interface ClientComparison {
  mode: string;
  sdk: CallFigures;
  bareFetch: CallFigures;
}

export interface SdkCallResult {
  /** Tandem's answer to the call, which the bare server gives back. */
  answer: { status: number; bytes: number };
  tandem: ClientComparison[];
  bareServer: ClientComparison[];
}

/**
 * The SDK's cost per call: `tandem.messages.create` against a bare `fetch` with hand-written
 * headers and body (`baselines/bare-fetch.ts`), in this process, first against a real Tandem on
 * SQLite, then against a bare HTTP server giving back Tandem's answer, so that only the client's
 * work is left. Each comparison interleaves the two clients in rounds of about 2 s (bare, SDK,
 * SDK, bare) so that a machine or a Tandem changing speed weighs on both alike: with one such round,
 * whichever client ran in the middle came out up to a third ahead against Tandem.
 */
export async function sdkCall(durationSeconds: number): Promise<SdkCallResult> {
  const receiver = new Receiver();
  await receiver.start();
  const storage = new Storage("sqlite");
  try {
    const { tenant, answer, comparisons } = await againstTandem(storage, receiver.url, durationSeconds);
    const bareServer = await againstBareServer(answer, tenant, durationSeconds);
    return {
      answer: { status: answer.status, bytes: Buffer.byteLength(answer.body) },
      tandem: comparisons,
      bareServer,
    };
  } finally {
    await receiver.close();
    await storage.remove();
  }
}

interface Answer {
  status: number;
  body: string;
}

async function againstTandem(storage: Storage, apiUri: string, durationSeconds: number) {
  const server = await storage.start();
  try {
    const tenant = await setUpTenant(server.url, storage.directoryToken, apiUri, SESSIONS);
    const answer = await answerOf(server.url, tenant);
    return { tenant, answer, comparisons: await compare(server.url, tenant, durationSeconds) };
  } finally {
    await server.stop();
  }
}

async function againstBareServer(answer: Answer, tenant: Tenant, durationSeconds: number) {
  const server = await startProcess(join(import.meta.dirname, "../servers/json-answer.mjs"), {
    ANSWER_STATUS: String(answer.status),
    ANSWER_BODY: answer.body,
  });
  try {
    return await compare(server.url, tenant, durationSeconds);
  } finally {
    await server.stop();
  }
}

/** Tandem's answer to one incoming message, for the bare server to give back. */
async function answerOf(url: string, tenant: Tenant): Promise<Answer> {
  const response = await fetch(`${url}/business/communication/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${tenant.appToken}`, "content-type": "application/json" },
    body: JSON.stringify(messageBody(tenant, "answer", 0)),
  });
  const body = await response.text();
  if (response.status !== 201) throw new Error(`the first message was answered ${response.status}: ${body}`);
  return { status: response.status, body };
}

function messageBody(tenant: Tenant, client: string, count: number) {
  return {
    channel_uid: tenant.channelUid,
    external_uid: tenant.sessions[count % SESSIONS]?.externalUid ?? "",
    message: TEXT,
    message_uid: `${client}-${count}`,
  };
}

async function compare(
  baseUrl: string,
  tenant: Tenant,
  durationSeconds: number,
): Promise<ClientComparison[]> {
  const sdk = new Tandem({ baseUrl, accessToken: tenant.appToken });
  // Fresh message uids on every call, so that Tandem writes each message rather than answering a repeat.
  let sdkCalls = 0;
  let bareCalls = 0;
  const viaSdk = () => sdk.messages.create(messageBody(tenant, "sdk", sdkCalls++));
  const viaFetch = () => createMessage(baseUrl, tenant.appToken, messageBody(tenant, "bare", bareCalls++));
  const comparisons: ClientComparison[] = [];
  for (const { mode, lanes } of MODES) {
    const warmUp = warmUpSeconds(durationSeconds) / 2;
    await runCalls(viaFetch, lanes, warmUp);
    await runCalls(viaSdk, lanes, warmUp);
    const rounds = Math.max(1, Math.round(durationSeconds / 2));
    const slice = durationSeconds / (2 * rounds);
    const bareSamples: CallSample[] = [];
    const sdkSamples: CallSample[] = [];
    for (let round = 0; round < rounds; round++) {
      bareSamples.push(await runCalls(viaFetch, lanes, slice));
      sdkSamples.push(await runCalls(viaSdk, lanes, slice));
      sdkSamples.push(await runCalls(viaSdk, lanes, slice));
      bareSamples.push(await runCalls(viaFetch, lanes, slice));
    }
    comparisons.push({ mode, sdk: figuresOf(sdkSamples), bareFetch: figuresOf(bareSamples) });
  }
  return comparisons;
}

/** The SDK's figures, each beside bare fetch's as its floor. */
export function sdkCallRows(result: SdkCallResult): Row[] {
  const targets = [
    ["Tandem (SQLite)", result.tandem],
    ["a bare HTTP server giving Tandem's answer", result.bareServer],
  ] as const;
  return targets.flatMap(([target, comparisons]) =>
    comparisons.flatMap(({ mode, sdk, bareFetch }) => {
      const scenario = `SDK call (messages.create) against ${target}, ${mode}`;
      const row = (figure: string, pick: (figures: CallFigures) => number, unit: string): Row => ({
        scenario,
        figure,
        value: pick(sdk),
        unit,
        floor: pick(bareFetch),
        ratio: ratio(pick(sdk), pick(bareFetch)),
        target: "",
      });
      return [
        row("requests/s", (figures) => figures.requestsPerSecond, "req/s"),
        row("p50", (figures) => figures.p50Ms, "ms"),
        row("p99", (figures) => figures.p99Ms, "ms"),
        row("client CPU per call", (figures) => figures.cpuMicrosPerCall, "µs"),
      ];
    }),
  );
}
