import { CHECK_APP_USAGE } from "./check-app-usage.js";
import { DATABASE_COMMANDS } from "./database-commands.js";
import type { OperatorCommand } from "./operator/command.js";
import { OPERATOR_COMMANDS } from "./operator/commands.js";
import { alignedTable } from "./output.js";

const CONNECTION = `They call the API of a running Tandem, so every rule and every refusal is the API's:
  --url URL      where it runs (else TANDEM_URL, else http://127.0.0.1:$PORT, port 3000 by default)
  --json         print the API's data as JSON, for scripts
  the directory token comes from TANDEM_DIRECTORY_TOKEN, else from the server's data folder
  (TANDEM_DATA_DIR, ./data by default), which is only read.`;

const EXIT_CODES = "Exit codes: 0 done, 1 refused by the API (or Tandem unreachable), 2 called wrongly.";

const commandLines = (commands: ReadonlyArray<{ name: string; summary: string }>) =>
  alignedTable(
    ["", ""],
    commands.map(({ name, summary }) => [`  tandem ${name}`, summary]),
  ).slice(1);

export const HELP = [
  "tandem — run and operate Tandem",
  "",
  "On a running Tandem:",
  ...commandLines(OPERATOR_COMMANDS),
  "",
  CONNECTION,
  "",
  "On the database (with the server's configuration: DATABASE_URL, TANDEM_DATA_DIR, TANDEM_SECRET_KEY, …):",
  ...commandLines([
    { name: "start", summary: "run the server (API + webhook worker)" },
    ...DATABASE_COMMANDS,
  ]),
  "",
  "Against an app:",
  `  tandem ${CHECK_APP_USAGE}`,
  "",
  "`tandem help COMMAND` or `tandem COMMAND --help` shows a command's flags.",
  EXIT_CODES,
].join("\n");

/** One command's help: its flags and what it does. */
export function commandHelp(command: { name: string; summary: string; usage: string }): string {
  return [`tandem ${command.name} ${command.usage}`.trimEnd(), "", `  ${command.summary}`].join("\n");
}

export function operatorCommandHelp(command: OperatorCommand): string {
  return [commandHelp(command), "", CONNECTION, "", EXIT_CODES].join("\n");
}
