/**
 * What `@tandem/test-support` needs of the server to start it in a test's own process, to open its
 * storage and to spawn it as `npm start` would: the one entry other packages' tests may import.
 */
import { join } from "node:path";

export { createTandem, type Tandem } from "./app.js";
export { FAILURES_PER_EMAIL } from "./auth/sign-in-throttle.js";
export { loadConfig } from "./config.js";
export type { ErrorCode } from "./errors.js";
export { createLogger } from "./logger.js";
export { migrate, openStorage, type Storage } from "./storage/database.js";
export type { LookupFunction } from "./webhooks/safe-destination.js";

/** The server's entry in source, which a child process runs through tsx. */
export const MAIN_SOURCE = join(import.meta.dirname, "main.ts");

/** The `tandem` command line in source, for tests that run it as a process (`tandem check-app`). */
export const CLI_SOURCE = join(import.meta.dirname, "cli/main.ts");
