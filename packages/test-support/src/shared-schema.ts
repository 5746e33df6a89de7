import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { spawnTandem, type TandemProcess } from "./process.js";
import { dropSchema, POSTGRES_URL, TEST_SECRET_KEY, type TestServer } from "./server.js";

/**
 * Tandem processes of a suite sharing one PostgreSQL schema of their own, each with its own data
 * folder; killed, and the schema dropped, after the suite. Start them one after another: the first
 * migrates, and two starting together would race over creating the schema.
 */
export function sharedSchema(name: string, env: Record<string, string> = {}) {
  const schema = `${name}_${randomBytes(5).toString("hex")}`;
  const directoryToken = `tdir_${randomBytes(12).toString("hex")}`;
  const dataDirs: string[] = [];
  const processes: TandemProcess[] = [];

  after(async () => {
    for (const process of processes) await process.kill();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  /** The environment of a process on this schema (a data folder of its own), `overrides` last. */
  const envFor = (overrides: Record<string, string> = {}): Record<string, string> => {
    const dataDir = mkdtempSync(join(tmpdir(), `tandem-${name}-`));
    dataDirs.push(dataDir);
    return {
      DATABASE_URL: `${POSTGRES_URL}?schema=${schema}`,
      TANDEM_DATA_DIR: dataDir,
      TANDEM_DIRECTORY_TOKEN: directoryToken,
      TANDEM_SECRET_KEY: TEST_SECRET_KEY,
      ...env,
      ...overrides,
    };
  };

  return {
    schema,
    directoryToken,
    processes,
    envFor,
    /** A process on this schema; `overrides` change its environment (a key of its own, say). */
    async start(overrides: Record<string, string> = {}): Promise<TandemProcess> {
      const process = await spawnTandem(envFor(overrides));
      processes.push(process);
      return process;
    },
  };
}

/** Another Tandem process, API only, on the schema and data folder of a server in this process. */
export function spawnBeside(server: TestServer): Promise<TandemProcess> {
  return spawnTandem({
    DATABASE_URL: `${POSTGRES_URL}?schema=${server.postgresSchema}`,
    TANDEM_DATA_DIR: server.dataDir,
    TANDEM_DIRECTORY_TOKEN: server.directoryToken,
    TANDEM_SECRET_KEY: TEST_SECRET_KEY,
    TANDEM_ROLES: "api",
  });
}
