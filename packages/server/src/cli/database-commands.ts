import { details } from "./output.js";
import { parseFlags } from "./usage.js";

/*
 * The commands that open the database themselves: they run where the server is not running yet
 * (migrate), or move what only the database holds (secrets:reencrypt). Everything else goes
 * through the API of a running Tandem.
 */

export interface DatabaseCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<string>;
}

// Loaded when one of them runs: the storage layer is most of a start-up the API's commands need not pay.
const database = () => import("./database-access.js");

export const DATABASE_COMMANDS: readonly DatabaseCommand[] = [
  {
    name: "migrate",
    summary: "apply the database's migrations and exit",
    usage: "",
    async run(argv) {
      parseFlags(argv, {});
      const { applied } = await (await database()).withDatabase(async () => undefined);
      return applied.length ? `applied: ${applied.join(", ")}` : "the database is up to date";
    },
  },
  {
    name: "secrets:reencrypt",
    summary: "reseal every secret with TANDEM_SECRET_KEY (the old key in TANDEM_SECRET_KEY_PREVIOUS); online",
    usage: "[--json]",
    async run(argv) {
      const { flags } = parseFlags(argv, { json: { type: "boolean" } });
      const { withDatabase, reencryptSecrets } = await database();
      const { result } = await withDatabase((storage, box) => reencryptSecrets(storage.db, box));
      if (flags.json === true) return JSON.stringify(result, null, 2);
      const unreadable = result.unreadable.map(({ app_id, column }) => `${app_id} ${column}`);
      return details({ resealed: result.resealed, passes: result.passes, unreadable });
    },
  },
];
