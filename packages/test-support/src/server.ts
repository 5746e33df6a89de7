import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WebhookCatalog } from "@tandem/contract";
import {
  createLogger,
  createTandem,
  type LookupFunction,
  loadConfig,
  type Tandem,
} from "@tandem/server/testing";
import pg from "pg";
import pino from "pino";

export type DialectName = "sqlite" | "postgres";

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** The key every test process on a shared PostgreSQL schema uses (the database refuses any other). */
export const TEST_SECRET_KEY = "7".repeat(64);

/** Which databases the storage-touching suites run on (both unless TEST_DIALECTS narrows it). */
export const DIALECTS: DialectName[] = (process.env.TEST_DIALECTS ?? "sqlite,postgres")
  .split(",")
  .map((name) => name.trim())
  .filter((name): name is DialectName => name === "sqlite" || name === "postgres");

export interface TestServer {
  url: string;
  tandem: Tandem;
  directoryToken: string;
  dialect: DialectName;
  dataDir: string;
  /** The PostgreSQL schema this server's tables live in (a second process can share it). */
  postgresSchema: string | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  dialect: DialectName;
  env?: Record<string, string>;
  webhookLookup?: LookupFunction;
  /** Collects the JSON log lines (at info level) instead of discarding them. */
  logLines?: string[];
  /** The clock OAuth's refresh-token grace window is measured by. */
  now?: () => number;
  /** A catalog of the test's own, in place of Tandem's. */
  webhookCatalog?: WebhookCatalog;
}

function collectingLogger(lines: string[]) {
  return pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
}

/** A fresh PostgreSQL schema per server, so runs never see each other's rows. */
export async function dropSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await admin.end();
  }
}

/** The real server, in this process, on 127.0.0.1 and a free port. */
export async function startServer(options: StartOptions): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-test-"));
  const directoryToken = `tdir_test_${randomBytes(12).toString("hex")}`;
  const schema = options.dialect === "postgres" ? `t_${randomBytes(6).toString("hex")}` : undefined;
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    TANDEM_DATA_DIR: dataDir,
    TANDEM_DIRECTORY_TOKEN: directoryToken,
    TANDEM_DEMO: "false",
    TANDEM_WEBHOOK_RETRY_SCHEDULE: "0,0.2,0.4",
    TANDEM_WEBHOOK_TIMEOUT_MS: "2000",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...(options.dialect === "postgres"
      ? { DATABASE_URL: POSTGRES_URL, TANDEM_SECRET_KEY: TEST_SECRET_KEY }
      : {}),
    ...options.env,
  });
  const tandem = await createTandem({
    config,
    logger: options.logLines ? collectingLogger(options.logLines) : createLogger(config.logLevel),
    ...(schema ? { postgresSchema: schema } : {}),
    ...(options.webhookLookup ? { webhookLookup: options.webhookLookup } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.webhookCatalog ? { webhookCatalog: options.webhookCatalog } : {}),
  });
  const url = await tandem.listen();
  return {
    url,
    tandem,
    directoryToken,
    dialect: options.dialect,
    dataDir,
    postgresSchema: schema,
    async close() {
      await tandem.close();
      if (schema) await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
