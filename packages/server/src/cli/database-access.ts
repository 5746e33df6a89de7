import { checkSecretKey } from "../auth/secret-key-state.js";
import { SecretBox } from "../auth/secrets.js";
import { loadConfig } from "../config.js";
import { migrate, openStorage, type Storage } from "../storage/database.js";

export { reencryptSecrets } from "../auth/reencrypt.js";

/** Opens the configured database, migrated and checked against the secret key, for `use`. */
export async function withDatabase<Result>(use: (storage: Storage, box: SecretBox) => Promise<Result>) {
  const config = loadConfig();
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrate(storage);
    const box = new SecretBox(config.secretKey, config.previousSecretKey);
    await checkSecretKey(storage.db, box);
    return { applied, result: await use(storage, box) };
  } finally {
    await storage.close();
  }
}
