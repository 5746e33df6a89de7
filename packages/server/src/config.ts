import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Everything Tandem reads from its environment, parsed once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  secretKey: Buffer;
  /** During a rotation, the key being replaced: what it sealed stays readable. */
  previousSecretKey: Buffer | null;
  directoryToken: string;
  directoryTokenGenerated: boolean;
  allowPrivateWebhooks: boolean;
  webhookRetryScheduleSeconds: number[];
  webhookTimeoutMs: number;
  webhookConcurrencyPerApp: number;
  webhookMaxInFlight: number;
  webhookLeaseMs: number;
  /** Concurrent requests' writes share transactions (group commit). */
  groupCommit: boolean;
  /** How long staff typing stays worth telling the app; older typing events are dropped. */
  typingTtlMs: number;
  /** How often open page sockets check again that their sign-in lasts. */
  signInCheckMs: number;
  appUnreachableAfterMs: number;
  demo: boolean;
  production: boolean;
  publicUrl: string;
  logLevel: string;
  roles: { api: boolean; worker: boolean };
  rateLimitPerMinute: number;
}

export class ConfigError extends Error {}

const DEFAULT_RETRY_SCHEDULE = "0,5,300,1800,7200,18000,36000,36000";

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer ≥ ${min}`);
  return value;
}

export function parseRetrySchedule(raw: string): number[] {
  const delays = raw.split(",").map((part) => Number(part.trim()));
  if (delays.some((delay) => !Number.isFinite(delay) || delay < 0)) {
    throw new ConfigError("TANDEM_WEBHOOK_RETRY_SCHEDULE must be comma-separated seconds ≥ 0");
  }
  return delays;
}

/** A secret that persists in the data folder when the operator did not give one. */
function persistedSecret(
  dataDir: string,
  fileName: string,
  make: () => string,
): { value: string; created: boolean } {
  const path = join(dataDir, fileName);
  if (existsSync(path)) return { value: readFileSync(path, "utf8").trim(), created: false };
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return { value, created: true };
}

/** Where the server keeps its data folder: `TANDEM_DATA_DIR`, else `./data`. */
export const dataDirOf = (env: NodeJS.ProcessEnv): string => resolve(env.TANDEM_DATA_DIR || "./data");

/** The file of the data folder that holds the directory token Tandem generated, when none was given. */
export const DIRECTORY_TOKEN_FILE = "directory-token";

export const DEFAULT_PORT = 3000;

/** A 64-digit hex key is taken as its 32 bytes; anything else as its UTF-8 text. */
const keyBytes = (raw: string): Buffer => Buffer.from(raw, /^[0-9a-f]{64}$/i.test(raw) ? "hex" : "utf8");

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  const dataDir = dataDirOf(env);
  mkdirSync(dataDir, { recursive: true });

  const databaseUrl = env.DATABASE_URL || null;
  // A key generated per data folder suits the embedded database alone: processes sharing a
  // PostgreSQL database each have a folder of their own, and could not read each other's secrets.
  if (!env.TANDEM_SECRET_KEY && databaseUrl?.startsWith("postgres")) {
    throw new ConfigError(
      "TANDEM_SECRET_KEY is required with a PostgreSQL DATABASE_URL: set it to the same key in every process (e.g. 64 hex digits from `openssl rand -hex 32`)",
    );
  }
  const secretKeyText =
    env.TANDEM_SECRET_KEY ||
    persistedSecret(dataDir, "secret-key", () => randomBytes(32).toString("hex")).value;
  const directory = env.TANDEM_DIRECTORY_TOKEN
    ? { value: env.TANDEM_DIRECTORY_TOKEN, created: false }
    : persistedSecret(dataDir, DIRECTORY_TOKEN_FILE, () => `tdir_${randomBytes(24).toString("base64url")}`);

  const port = parseInteger("PORT", env.PORT, DEFAULT_PORT);
  const host = env.HOST || "127.0.0.1";
  const roles = (env.TANDEM_ROLES || "api,worker").split(",").map((role) => role.trim());
  const webhookTimeoutMs = parseInteger(
    "TANDEM_WEBHOOK_TIMEOUT_MS",
    env.TANDEM_WEBHOOK_TIMEOUT_MS,
    10_000,
    1,
  );
  // SPEC §6: a claim holds at most 30 s; tests shorten it to see a takeover quickly. It must outlast
  // an attempt, or a second worker could send an event whose first attempt is still in flight.
  const webhookLeaseMs = Math.min(
    parseInteger("TANDEM_WEBHOOK_LEASE_MS", env.TANDEM_WEBHOOK_LEASE_MS, 30_000, 100),
    30_000,
  );
  if (webhookLeaseMs <= webhookTimeoutMs) {
    throw new ConfigError("TANDEM_WEBHOOK_LEASE_MS must be longer than TANDEM_WEBHOOK_TIMEOUT_MS");
  }
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    secretKey: keyBytes(secretKeyText),
    previousSecretKey: env.TANDEM_SECRET_KEY_PREVIOUS ? keyBytes(env.TANDEM_SECRET_KEY_PREVIOUS) : null,
    directoryToken: directory.value,
    directoryTokenGenerated: directory.created,
    allowPrivateWebhooks: parseBoolean(
      "TANDEM_ALLOW_PRIVATE_WEBHOOKS",
      env.TANDEM_ALLOW_PRIVATE_WEBHOOKS,
      !production,
    ),
    webhookRetryScheduleSeconds: parseRetrySchedule(
      env.TANDEM_WEBHOOK_RETRY_SCHEDULE || DEFAULT_RETRY_SCHEDULE,
    ),
    webhookTimeoutMs,
    webhookConcurrencyPerApp: parseInteger(
      "TANDEM_WEBHOOK_CONCURRENCY",
      env.TANDEM_WEBHOOK_CONCURRENCY,
      8,
      1,
    ),
    webhookMaxInFlight: parseInteger(
      "TANDEM_WEBHOOK_MAX_IN_FLIGHT",
      env.TANDEM_WEBHOOK_MAX_IN_FLIGHT,
      256,
      1,
    ),
    webhookLeaseMs,
    groupCommit: parseBoolean("TANDEM_GROUP_COMMIT", env.TANDEM_GROUP_COMMIT, true),
    typingTtlMs: parseInteger("TANDEM_TYPING_TTL_MS", env.TANDEM_TYPING_TTL_MS, 10_000, 100),
    signInCheckMs: parseInteger("TANDEM_SIGN_IN_CHECK_MS", env.TANDEM_SIGN_IN_CHECK_MS, 10_000, 100),
    appUnreachableAfterMs:
      parseInteger("TANDEM_APP_UNREACHABLE_AFTER_S", env.TANDEM_APP_UNREACHABLE_AFTER_S, 5 * 24 * 3600, 1) *
      1000,
    demo: parseBoolean("TANDEM_DEMO", env.TANDEM_DEMO, true),
    production,
    publicUrl: (env.TANDEM_PUBLIC_URL || `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`).replace(
      /\/$/,
      "",
    ),
    logLevel: env.LOG_LEVEL || "info",
    roles: { api: roles.includes("api"), worker: roles.includes("worker") },
    rateLimitPerMinute: parseInteger(
      "TANDEM_RATE_LIMIT_PER_MINUTE",
      env.TANDEM_RATE_LIMIT_PER_MINUTE,
      60_000,
      1,
    ),
  };
}
