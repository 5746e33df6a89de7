import { ConfigError } from "../config.js";
import { CHECK_APP_USAGE } from "./check-app-usage.js";
import { DATABASE_COMMANDS } from "./database-commands.js";
import { commandHelp, HELP, operatorCommandHelp } from "./help.js";
import { operatorCommand } from "./operator/commands.js";
import { type Output, runOperatorCommand } from "./operator/run.js";
import { UsageError } from "./usage.js";

const START = { name: "start", summary: "run the server (API + webhook worker)", usage: "" };
const asksForHelp = (argv: string[]) => argv.some((arg) => arg === "--help" || arg === "-h");

/** A command's own help, or undefined when there is no such command. */
function helpOf(name: string): string | undefined {
  const operator = operatorCommand(name);
  if (operator) return operatorCommandHelp(operator);
  const database = [START, ...DATABASE_COMMANDS].find((command) => command.name === name);
  if (database) return commandHelp(database);
  if (name === "check-app") return `tandem ${CHECK_APP_USAGE}`;
  return undefined;
}

/** Runs the command line; answers the exit code (0 done, 1 refused or failed, 2 called wrongly). */
async function main(argv: string[], output: Output): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    output.out(HELP);
    return 0;
  }
  if (name === "help") {
    const help = rest[0] === undefined ? HELP : helpOf(rest[0]);
    if (help === undefined) throw new UsageError(`unknown command "${rest[0]}"`);
    output.out(help);
    return 0;
  }
  const help = helpOf(name);
  if (help === undefined) throw new UsageError(`unknown command "${name}"`);
  if (asksForHelp(rest)) {
    output.out(help);
    return 0;
  }
  // The server and the check are loaded only for themselves: the other commands start faster without.
  if (name === START.name) {
    await (await import("../server.js")).runServer();
    return 0;
  }
  // Needs no Tandem: it talks to the app only.
  if (name === "check-app") return (await import("./check-app.js")).runCheckApp(rest);
  const database = DATABASE_COMMANDS.find((command) => command.name === name);
  if (database) {
    output.out(await database.run(rest));
    return 0;
  }
  const operator = operatorCommand(name);
  if (!operator) throw new UsageError(`unknown command "${name}"`);
  return runOperatorCommand(operator, rest, process.env, output);
}

const output: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

const argv = process.argv.slice(2);
main(argv, output).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      const about = argv[0] && helpOf(argv[0]) ? ` ${argv[0]}` : "";
      const hint = error instanceof UsageError ? `\n(\`tandem help${about}\` shows how to call it)` : "";
      output.err(`tandem: ${error.message}${hint}`);
      process.exitCode = 2;
      return;
    }
    output.err(`tandem: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
