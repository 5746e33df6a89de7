import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, DEFAULT_PORT, DIRECTORY_TOKEN_FILE, dataDirOf } from "../../config.js";
import { type Flags, isHttpUrl, optionalText, UsageError } from "../usage.js";

/** Where the running Tandem is, and the directory token it accepts. */
export interface Connection {
  url: string;
  token: string;
}

/** `--url`, else `TANDEM_URL`, else the server's own default address on this machine. */
export function tandemUrl(flags: Flags, env: NodeJS.ProcessEnv): string {
  const given = optionalText(flags, "url") ?? env.TANDEM_URL;
  if (!given) return `http://127.0.0.1:${env.PORT || DEFAULT_PORT}`;
  if (!isHttpUrl(given)) throw new UsageError(`--url (or TANDEM_URL) is an http(s) URL, got "${given}"`);
  return given.replace(/\/+$/, "");
}

/**
 * `TANDEM_DIRECTORY_TOKEN`, else the token the server generated into its data folder. The folder
 * is only read: a command run in the wrong place must not leave an empty `./data` behind.
 */
export function directoryToken(env: NodeJS.ProcessEnv): string {
  if (env.TANDEM_DIRECTORY_TOKEN) return env.TANDEM_DIRECTORY_TOKEN;
  const dataDir = dataDirOf(env);
  const file = join(dataDir, DIRECTORY_TOKEN_FILE);
  const found = existsSync(file);
  const token = found ? readFileSync(file, "utf8").trim() : "";
  if (token) return token;
  throw new ConfigError(
    `no directory token: set TANDEM_DIRECTORY_TOKEN, or TANDEM_DATA_DIR to the server's data folder (${file} ${found ? "is empty" : "does not exist"})`,
  );
}

export const connectionOf = (flags: Flags, env: NodeJS.ProcessEnv): Connection => ({
  url: tandemUrl(flags, env),
  token: directoryToken(env),
});
