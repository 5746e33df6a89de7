import { isAddress } from "./addresses.js";

/** What the connector needs to know, all from the environment (README: Configuration). */
export interface EmailConfig {
  tandem: {
    url: string;
    clientId: string;
    clientSecret: string;
    /** The current webhook secret, and the previous one during a rotation. */
    webhookSecrets: string[];
    businessUid: string;
  };
  /** The channel's own address: mail to it becomes messages, replies go out from it. */
  address: string;
  displayName: string;
  listenHost: string;
  smtpPort: number;
  /** PEM files for STARTTLS on the SMTP listener; without them it offers none. */
  smtpTls: { keyPath: string; certPath: string } | undefined;
  httpPort: number;
  /** Where Tandem and people's browsers reach the HTTP listener: the api_uri and attachment URLs start here. */
  publicUrl: string;
  maxMessageBytes: number;
  relay: {
    host: string;
    port: number;
    /** Implicit TLS (port 465); otherwise STARTTLS is used when the relay offers it. */
    secure: boolean;
    user: string | undefined;
    password: string | undefined;
    /** Each stage of a send (connect, greeting, each reply) waits at most this long: under Tandem's 10 s webhook timeout. */
    timeoutMs: number;
  };
  dataDir: string;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is required: ${what}`);
  return value;
}

function port(env: Env, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new ConfigError(`${name} is a port number (0-65535)`);
  return value;
}

function positive(env: Env, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new ConfigError(`${name} is a whole number above 0`);
  return Number(text);
}

function flag(env: Env, name: string): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (!text || text === "false" || text === "0") return false;
  if (text === "true" || text === "1") return true;
  throw new ConfigError(`${name} is true or false`);
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is an http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ConfigError(`${name} is an http(s) URL`);
  return value.replace(/\/+$/, "");
}

function tlsFiles(env: Env): EmailConfig["smtpTls"] {
  const keyPath = env.EMAIL_SMTP_TLS_KEY?.trim();
  const certPath = env.EMAIL_SMTP_TLS_CERT?.trim();
  if (!keyPath && !certPath) return undefined;
  if (!keyPath || !certPath) throw new ConfigError("EMAIL_SMTP_TLS_KEY and EMAIL_SMTP_TLS_CERT go together");
  return { keyPath, certPath };
}

/** Where Tandem and browsers reach the HTTP listener: EMAIL_PUBLIC_URL, else the listener on this machine. */
export function publicUrlOf(env: Env): string {
  const given = env.EMAIL_PUBLIC_URL?.trim();
  return given
    ? httpUrl("EMAIL_PUBLIC_URL", given)
    : `http://127.0.0.1:${port(env, "EMAIL_HTTP_PORT", DEFAULT_HTTP_PORT)}`;
}

const DEFAULT_HTTP_PORT = 8025;

export function loadConfig(env: Env = process.env): EmailConfig {
  const address = required(env, "EMAIL_ADDRESS", "the channel's own address, e.g. support@example.com");
  if (!isAddress(address)) throw new ConfigError("EMAIL_ADDRESS is an email address");
  const secrets = required(env, "TANDEM_WEBHOOK_SECRET", "the app's webhook secret (whsec_…)")
    .split(",")
    .map((secret) => secret.trim())
    .filter(Boolean);
  return {
    tandem: {
      url: httpUrl(
        "TANDEM_URL",
        required(env, "TANDEM_URL", "where Tandem runs, e.g. http://127.0.0.1:3000"),
      ),
      clientId: required(env, "TANDEM_CLIENT_ID", "the app's client_id"),
      clientSecret: required(env, "TANDEM_CLIENT_SECRET", "the app's client_secret"),
      webhookSecrets: secrets,
      businessUid: required(env, "TANDEM_BUSINESS_UID", "the business the app is installed on"),
    },
    address: address.toLowerCase(),
    displayName: env.EMAIL_DISPLAY_NAME?.trim() || "Email",
    listenHost: env.EMAIL_LISTEN_HOST?.trim() || "127.0.0.1",
    smtpPort: port(env, "EMAIL_SMTP_PORT", 2525),
    smtpTls: tlsFiles(env),
    httpPort: port(env, "EMAIL_HTTP_PORT", DEFAULT_HTTP_PORT),
    publicUrl: publicUrlOf(env),
    maxMessageBytes: positive(env, "EMAIL_MAX_MESSAGE_BYTES", 25 * 1024 * 1024),
    relay: {
      host: required(env, "EMAIL_RELAY_HOST", "the SMTP relay that sends staff replies"),
      port: port(env, "EMAIL_RELAY_PORT", 587),
      secure: flag(env, "EMAIL_RELAY_SECURE"),
      user: env.EMAIL_RELAY_USER?.trim() || undefined,
      password: env.EMAIL_RELAY_PASSWORD || undefined,
      timeoutMs: positive(env, "EMAIL_RELAY_TIMEOUT_MS", 8000),
    },
    dataDir: env.EMAIL_DATA_DIR?.trim() || "./data/email",
  };
}
