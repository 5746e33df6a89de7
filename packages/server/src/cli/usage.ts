import { parseArgs } from "node:util";

/** A command called wrongly: the process explains and exits 2. */
export class UsageError extends Error {}

export type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string }>;
export type Flags = Record<string, string | boolean | undefined>;

/** The flags and plain arguments of a command line; an unknown flag or a missing value is a UsageError. */
export function parseFlags(argv: string[], options: FlagSpec): { flags: Flags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const flags: Flags = {};
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === "string" || typeof value === "boolean") flags[name] = value;
    }
    return { flags, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function requiredText(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

export const optionalText = (flags: Flags, name: string): string | undefined => {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
};

/** A flag's whole number (a page, a count); what the API then accepts is the API's to say. */
export function optionalWholeNumber(flags: Flags, name: string): number | undefined {
  const value = optionalText(flags, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} is a whole number`);
  return Number(value);
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
