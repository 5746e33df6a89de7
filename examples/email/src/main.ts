import { ConfigError, loadConfig } from "./config.js";
import { startConnector } from "./connector.js";
import { jsonLogger } from "./logger.js";

/* `npm start`: the email channel, configured by the environment (README: Configuration). */

try {
  const connector = await startConnector(loadConfig(), jsonLogger);
  const stop = () => {
    connector.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
