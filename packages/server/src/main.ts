import { ConfigError } from "./config.js";
import { runServer } from "./server.js";

runServer().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`tandem: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `tandem failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
