import { appCommands } from "./apps.js";
import { businessCommands } from "./businesses.js";
import type { OperatorCommand } from "./command.js";
import { deliveryCommands } from "./deliveries.js";
import { tokenCommands } from "./tokens.js";

/** Every operator command, in the order the help lists them. */
export const OPERATOR_COMMANDS: readonly OperatorCommand[] = [
  ...appCommands,
  ...businessCommands,
  ...tokenCommands,
  ...deliveryCommands,
];

export const operatorCommand = (name: string) => OPERATOR_COMMANDS.find((command) => command.name === name);
