import { createTandem } from "./app.js";
import { loadConfig } from "./config.js";
import { demoSandbox, localUrlOf } from "./demo-sandbox.js";
import { ensureDemo } from "./domain/demo.js";
import { createLogger } from "./logger.js";

/** `npm start` / `tandem start`: one process with the API and the webhook worker, on SQLite unless DATABASE_URL says otherwise. */
export async function runServer(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const sandbox = demoSandbox(config, logger);
  const tandem = await createTandem({ config, logger, mounts: sandbox ? [sandbox.mount] : [] });
  const demo = config.demo ? await ensureDemo(tandem.domain, config.dataDir) : null;
  const url = await tandem.listen();

  const lines = [
    "",
    `  Tandem is running at ${url}`,
    `  API reference:   ${url}/docs`,
    `  Storage:         ${tandem.storage.dialect.name}${config.databaseUrl ? "" : ` (${config.dataDir})`}`,
  ];
  if (config.directoryTokenGenerated || !process.env.TANDEM_DIRECTORY_TOKEN) {
    lines.push(`  Directory token: ${config.directoryToken}`);
  }
  if (demo?.signIn) {
    lines.push(
      `  Demo sign-in:    ${demo.signIn.email} / ${demo.signIn.password}  (${demo.signIn.business})`,
    );
  }
  if (sandbox && demo) lines.push(`  Sandbox phones:  ${url}/sandbox  (open it beside ${url}/)`);
  process.stderr.write(`${lines.join("\n")}\n\n`);
  if (sandbox && demo) {
    // Set up once Tandem answers: it calls Tandem's API like any app.
    sandbox
      .start({
        tandemUrl: localUrlOf(url),
        directoryToken: config.directoryToken,
        businessUid: demo.businessUid,
      })
      .then(
        () => process.stderr.write(`  Sandbox ready:   ${url}/sandbox\n\n`),
        (error: unknown) => {
          logger.warn({ err: error }, "the sandbox app could not set itself up");
          process.stderr.write(
            `  Sandbox not available: ${error instanceof Error ? error.message : String(error)}\n\n`,
          );
        },
      );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing requests and deliveries in flight");
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    // Its live feeds end first: open streams would hold the listener open.
    await sandbox?.close();
    await tandem.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
