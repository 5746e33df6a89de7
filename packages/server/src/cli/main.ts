import { parseArgs } from "node:util";
import { checkSecretKey } from "../auth/secret-key-state.js";
import { SecretBox } from "../auth/secrets.js";
import { ConfigError, loadConfig } from "../config.js";
import { createDomain } from "../domain/create-domain.js";
import { AppError } from "../errors.js";
import { runServer } from "../server.js";
import { migrate, openStorage } from "../storage/database.js";
import { CHECK_APP_USAGE, runCheckApp } from "./check-app.js";
import { commands, FLAG_OPTIONS, UsageError } from "./commands.js";

const HELP = `tandem — run and operate Tandem

  tandem start                 run the server (API + webhook worker)
  tandem migrate               apply database migrations and exit
${Object.values(commands)
  .map((command) => `  tandem ${command.usage}`)
  .join("\n")}
  tandem ${CHECK_APP_USAGE}

Configuration comes from the environment (DATABASE_URL, TANDEM_DATA_DIR, …; see the README).`;

async function runCommand(name: string, argv: string[]): Promise<void> {
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof FLAG_OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: FLAG_OPTIONS, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const config = loadConfig();
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(storage);
    const domain = createDomain(storage, config);
    await checkSecretKey(storage.db, domain.secrets);
    const result = await command.run(domain, values, positionals);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await storage.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (name === "start") return runServer();
  // Needs no database: it talks to the app only.
  if (name === "check-app") {
    process.exitCode = await runCheckApp(rest);
    return;
  }
  if (name === "migrate") {
    const config = loadConfig();
    const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    let applied: string[];
    try {
      applied = await migrate(storage);
      await checkSecretKey(storage.db, new SecretBox(config.secretKey, config.previousSecretKey));
    } finally {
      await storage.close();
    }
    process.stdout.write(
      applied.length ? `applied: ${applied.join(", ")}\n` : "the database is up to date\n",
    );
    return;
  }
  await runCommand(name, rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError) {
    process.stderr.write(`tandem: ${error.message}\n${error instanceof UsageError ? `\n${HELP}\n` : ""}`);
    process.exit(2);
  }
  if (error instanceof AppError) {
    process.stderr.write(
      `tandem: ${error.details.map((detail) => `${detail.field ? `${detail.field}: ` : ""}${detail.message}`).join("; ")}\n`,
    );
    process.exit(1);
  }
  process.stderr.write(
    `tandem: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
