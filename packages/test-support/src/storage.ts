import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { migrate, openStorage, type Storage } from "@tandem/server/testing";
import { type DialectName, dropSchema, POSTGRES_URL } from "./server.js";

/**
 * A migrated storage of its own for the calling `describe`: a fresh SQLite folder, or a fresh
 * PostgreSQL schema dropped afterwards. Answers a getter, as the storage opens in `before`.
 */
export function storageForSuite(dialect: DialectName, name: string): () => Storage {
  const dataDir = mkdtempSync(join(tmpdir(), `tandem-${name}-`));
  const schema = `${name}_${randomBytes(5).toString("hex")}`;
  let storage: Storage | undefined;

  before(async () => {
    storage = await openStorage({
      databaseUrl: dialect === "postgres" ? POSTGRES_URL : null,
      dataDir,
      ...(dialect === "postgres" ? { postgresSchema: schema } : {}),
    });
    await migrate(storage);
  });
  after(async () => {
    await storage?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (dialect === "postgres") await dropSchema(schema);
  });

  return () => {
    if (!storage) throw new Error("the suite's storage opens in before()");
    return storage;
  };
}
