import type { TandemDirectory } from "@tandem/sdk";
import { type FlagSpec, type Flags, optionalWholeNumber } from "../usage.js";

/** What a command answers: the API's data as it came (for `--json`), and the same for a person. */
export interface Shown {
  data: unknown;
  text: string;
}

/** An operator's command: a call (or a few) of the directory's API through the SDK. */
export interface OperatorCommand {
  name: string;
  /** What it does, in one line. */
  summary: string;
  /** Its flags as the help shows them, e.g. `--name NAME [--api-uri URL]`. */
  usage: string;
  flags: FlagSpec;
  /** The one plain argument it takes, by name (a delivery's uid), if any. */
  argument?: string;
  run(directory: TandemDirectory, input: { flags: Flags; argument: string }): Promise<Shown>;
}

/** Flags that take a value. */
export const valueFlags = (...names: string[]): FlagSpec =>
  Object.fromEntries(names.map((name) => [name, { type: "string" as const }]));

/** Flags that stand alone. */
export const switchFlags = (...names: string[]): FlagSpec =>
  Object.fromEntries(names.map((name) => [name, { type: "boolean" as const }]));

export const PAGE_FLAGS = valueFlags("page", "per-page");

/** `--page` and `--per-page` as the API's list query. */
export const pageQuery = (flags: Flags) => ({
  page: optionalWholeNumber(flags, "page"),
  per_page: optionalWholeNumber(flags, "per-page"),
});

/**
 * A flag's text handed to the API as the value its contract names (a status, a role): the API
 * checks it, so the refusal the operator sees is the API's, naming the field.
 */
export const asSent = <Value>(flagText: string): Value => flagText as unknown as Value;
