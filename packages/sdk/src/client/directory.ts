import { sendVia } from "./api.js";
import { type DirectoryApi, directoryApi } from "./directory-api.js";
import type { RetryOptions } from "./retry.js";
import { Transport } from "./transport.js";

export interface TandemDirectoryOptions {
  /** Where Tandem runs, e.g. `https://tandem.example.com`. */
  baseUrl: string;
  /** The directory token: `TANDEM_DIRECTORY_TOKEN`, or the one Tandem generated into its data folder. */
  token: string;
  retry?: RetryOptions;
  /** Each attempt's time limit (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Tandem for its operator and the tools they write: the platform API (SPEC §4) with the directory
 * token, typed by the contract, with the app client's transport, retries and `TandemError`.
 */
export class TandemDirectory {
  readonly apps: DirectoryApi["apps"];
  readonly businesses: DirectoryApi["businesses"];
  readonly staff: DirectoryApi["staff"];
  readonly installations: DirectoryApi["installations"];
  readonly deliveries: DirectoryApi["deliveries"];
  readonly clients: DirectoryApi["clients"];
  readonly tokens: DirectoryApi["tokens"];
  readonly channels: DirectoryApi["channels"];

  constructor(options: TandemDirectoryOptions) {
    if (!options.token) throw new TypeError("the directory token is required");
    const credential = { authorization: `Bearer ${options.token}` };
    const api = directoryApi(sendVia(new Transport(options), { headers: async () => credential }));
    this.apps = api.apps;
    this.businesses = api.businesses;
    this.staff = api.staff;
    this.installations = api.installations;
    this.deliveries = api.deliveries;
    this.clients = api.clients;
    this.tokens = api.tokens;
    this.channels = api.channels;
  }
}
