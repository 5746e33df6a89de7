import { TandemDirectory, TandemError } from "@tandem/sdk";
import { parseFlags, UsageError } from "../usage.js";
import type { OperatorCommand } from "./command.js";
import { connectionOf } from "./connection.js";

/** The flags every operator command takes besides its own. */
export const COMMON_FLAGS = {
  url: { type: "string" as const },
  json: { type: "boolean" as const },
};

/** The first failure of a chain of causes: fetch's "fetch failed" wraps the refused connection. */
function rootCause(error: Error): Error {
  let cause = error;
  while (cause.cause instanceof Error) cause = cause.cause;
  return cause;
}

/** What went wrong, as the operator reads it: each error's code, field and message, and the request id. */
export function apiErrorText(error: TandemError, url: string): string {
  if (error.status === 0) {
    return `tandem: cannot reach Tandem at ${url} (${rootCause(error).message}); start it, or give its address with --url or TANDEM_URL`;
  }
  const request = error.requestId ? ` (request ${error.requestId})` : "";
  const lines = error.errors.map(
    (detail) => `  [${detail.code}] ${detail.field ? `${detail.field}: ` : ""}${detail.message}`,
  );
  return [`tandem: ${error.method} ${error.path} answered ${error.status}${request}`, ...lines].join("\n");
}

/** The same for a script: what the API answered, as JSON. */
const apiErrorJson = (error: TandemError, url: string) =>
  JSON.stringify(
    { url, status: error.status, request_id: error.requestId ?? null, errors: error.errors },
    null,
    2,
  );

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Runs one operator command against the running Tandem; answers the exit code (1: the API refused). */
export async function runOperatorCommand(
  command: OperatorCommand,
  argv: string[],
  env: NodeJS.ProcessEnv,
  output: Output,
): Promise<number> {
  const { flags, positionals } = parseFlags(argv, { ...COMMON_FLAGS, ...command.flags });
  const expected = command.argument ? 1 : 0;
  if (positionals.length !== expected) {
    throw new UsageError(
      command.argument ? `${command.name} takes one ${command.argument}` : `unexpected "${positionals[0]}"`,
    );
  }
  const connection = connectionOf(flags, env);
  const directory = new TandemDirectory({ baseUrl: connection.url, token: connection.token });
  try {
    const shown = await command.run(directory, { flags, argument: positionals[0] ?? "" });
    output.out(flags.json === true ? JSON.stringify(shown.data, null, 2) : shown.text);
    return 0;
  } catch (error) {
    if (!(error instanceof TandemError)) throw error;
    output.err(
      flags.json === true ? apiErrorJson(error, connection.url) : apiErrorText(error, connection.url),
    );
    return 1;
  }
}
