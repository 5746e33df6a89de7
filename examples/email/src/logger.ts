/** Where the connector says what happened: one JSON line each on stdout by default. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const plain = (value: unknown): unknown =>
  value instanceof Error ? { name: value.name, message: value.message } : value;

function line(level: string, message: string, fields: Record<string, unknown> = {}): string {
  const shown = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, plain(value)]));
  return `${JSON.stringify({ time: new Date().toISOString(), level, message, ...shown })}\n`;
}

export const jsonLogger: Logger = {
  info: (message, fields) => process.stdout.write(line("info", message, fields)),
  warn: (message, fields) => process.stdout.write(line("warn", message, fields)),
  error: (message, fields) => process.stderr.write(line("error", message, fields)),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
