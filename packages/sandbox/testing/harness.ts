import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Client,
  createBusiness,
  type DialectName,
  type JsonObject,
  signIn,
  staffClient,
  startServer,
  type TestBusiness,
  type TestServer,
} from "@tandem/test-support";
import { createSandbox, type Sandbox, type SandboxOptions } from "../src/index.js";
import type { FeedEvent, SandboxState } from "../src/wire.js";

/**
 * Tandem in this process (real storage, real worker), a business, and the sandbox on a listener of
 * its own: it reaches Tandem only over HTTP, as every app does. The sandbox's tests use it, and so
 * do the tests of apps that run against the sandbox (`@tandem/sandbox/testing`).
 */
export interface Harness {
  server: TestServer;
  business: TestBusiness;
  sandbox: Sandbox;
  /** Where the sandbox's listener is (its page, API and webhooks are under /sandbox). */
  sandboxUrl: string;
  dataDir: string;
  staff: Client;
  /** A call to the sandbox's page API. */
  phone(method: string, path: string, body?: unknown): Promise<{ status: number; body: JsonObject }>;
  state(): Promise<SandboxState>;
  /** Starts another sandbox on the same data folder and business, as a restart would. */
  restart(options?: Partial<SandboxOptions>): Promise<void>;
  close(): Promise<void>;
}

async function listen(sandbox: Sandbox): Promise<{ listener: Server; url: string }> {
  const listener = createServer(sandbox.listener);
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  return { listener, url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}` };
}

/** A call to the sandbox's own page API (not Tandem's: no answer of it is in Tandem's document). */
export async function sandboxCall(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
): Promise<{ status: number; body: JsonObject }> {
  const response = await fetch(`${url}/sandbox/api${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          headers: { "content-type": contentType },
          body: typeof body === "string" ? body : JSON.stringify(body),
        }),
  });
  return { status: response.status, body: (await response.json()) as JsonObject };
}

const FAST: Partial<SandboxOptions> = { receiptDelays: { deliveredMs: 50, readMs: 50 }, slowMs: 300 };

export interface HarnessOptions {
  /** The server's environment on top of the tests' own. */
  env?: Record<string, string>;
  dialect?: DialectName;
  businessName?: string;
}

export async function startHarness({
  env = {},
  dialect = "sqlite",
  businessName = "Demo Bakery",
}: HarnessOptions = {}): Promise<Harness> {
  const server = await startServer({ dialect, env });
  const business = await createBusiness(server, businessName);
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-sandbox-"));
  const staff = staffClient(server, await signIn(server, business.adminEmail, business.adminPassword));
  let sandbox = createSandbox({ dataDir, ...FAST });
  let { listener, url } = await listen(sandbox);
  const target = () => ({
    tandemUrl: server.url,
    ownUrl: url,
    directoryToken: server.directoryToken,
    businessUid: business.business.uid,
  });
  await sandbox.start(target());
  const harness: Harness = {
    server,
    business,
    get sandbox() {
      return sandbox;
    },
    get sandboxUrl() {
      return url;
    },
    dataDir,
    staff,
    phone: (method, path, body) => sandboxCall(url, method, path, body),
    async state() {
      return (await sandboxCall(url, "GET", "/state")).body as SandboxState;
    },
    async restart(options = {}) {
      await sandbox.close();
      await new Promise((resolve) => listener.close(resolve));
      sandbox = createSandbox({ dataDir, ...FAST, ...options });
      ({ listener, url } = await listen(sandbox));
      await sandbox.start(target());
    },
    async close() {
      await sandbox.close();
      await new Promise((resolve) => listener.close(resolve));
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The sandbox's live feed, read as a page reads it: every event since it opened. */
export async function openFeed(sandboxUrl: string): Promise<{ events: FeedEvent[]; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${sandboxUrl}/sandbox/api/events`, { signal: controller.signal });
  const events: FeedEvent[] = [];
  const reader = response.body?.getReader();
  if (!reader) throw new Error("the feed has no body");
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split("\n").find((line) => line.startsWith("data: "));
          if (data) events.push(JSON.parse(data.slice(6)) as FeedEvent);
        }
      }
    } catch {
      // closed by the test
    }
  })();
  return { events, close: () => controller.abort() };
}
