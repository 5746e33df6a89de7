import pino, { type Logger } from "pino";

/** JSON logs to stdout; secrets in headers never reach them. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
  });
}
