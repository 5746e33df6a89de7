/** What the booking tool needs to know, all from the environment (README: Configuration). */
export interface RemindersConfig {
  tandem: {
    url: string;
    clientId: string;
    clientSecret: string;
    /** The current webhook secret, and the previous one during a rotation. */
    webhookSecrets: string[];
    businessUid: string;
  };
  /** The appointments to remind, a JSON file (README: The bookings file). */
  bookingsPath: string;
  /** A channel uid, an app's app_code_name, or "best": the client's most recent channel that can reach them. */
  channel: string;
  listenHost: string;
  port: number;
  /**
   * Where Tandem reaches the listener: the subscription's target is `{publicUrl}/tandem-events`.
   * Unset, it is the listener's own address on this machine.
   */
  publicUrl: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

export function required(env: Env, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is required: ${what}`);
  return value;
}

function port(env: Env, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw new ConfigError(`${name} is a port number (0-65535)`);
  return Number(text);
}

export function httpUrl(name: string, value: string): string {
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

export function loadConfig(env: Env): RemindersConfig {
  const listenHost = env.REMINDERS_HOST?.trim() || "127.0.0.1";
  const listenPort = port(env, "REMINDERS_PORT", 8030);
  const previous = env.TANDEM_WEBHOOK_SECRET_PREVIOUS?.trim();
  return {
    tandem: {
      url: httpUrl("TANDEM_URL", required(env, "TANDEM_URL", "where Tandem runs")),
      clientId: required(env, "TANDEM_CLIENT_ID", "the tool's client id (npm run setup prints it)"),
      clientSecret: required(env, "TANDEM_CLIENT_SECRET", "the tool's client secret"),
      webhookSecrets: [
        required(env, "TANDEM_WEBHOOK_SECRET", "the secret Tandem signs the events with"),
        ...(previous ? [previous] : []),
      ],
      businessUid: required(env, "TANDEM_BUSINESS_UID", "the business whose clients the tool reminds"),
    },
    bookingsPath: env.REMINDERS_BOOKINGS?.trim() || "bookings.json",
    channel: env.REMINDERS_CHANNEL?.trim() || "best",
    listenHost,
    port: listenPort,
    publicUrl: env.REMINDERS_PUBLIC_URL?.trim()
      ? httpUrl("REMINDERS_PUBLIC_URL", env.REMINDERS_PUBLIC_URL.trim())
      : undefined,
  };
}
