import { type LoadResult, load, warmUpSeconds } from "../lib/load.js";
import { startProcess } from "../lib/processes.js";
import { Receiver } from "../lib/receiver.js";
import { type Dialect, Storage, setUpTenant, type Tenant } from "../lib/tandem.js";

export const CONNECTIONS = 64;
const SESSIONS = 20;
export const TEXT = "Hello! Is the shop open today, and do you still have the blue one in medium?";

export interface IngestResult extends LoadResult {
  peakRssMb: number;
}

/** Scenario 1, the floor: a bare Fastify route taking the same body, same tool, same connections. */
export async function floor(
  durationSeconds: number,
  script: string,
  env: Record<string, string> = {},
): Promise<LoadResult> {
  const server = await startProcess(script, env);
  try {
    let count = 0;
    const body = () =>
      JSON.stringify({
        channel_uid: "c",
        external_uid: `ext-${count % SESSIONS}`,
        message: TEXT,
        message_uid: `floor-${count++}`,
      });
    await load({
      url: `${server.url}/business/communication/messages`,
      method: "POST",
      body,
      connections: CONNECTIONS,
      durationSeconds: warmUpSeconds(durationSeconds),
    });
    return await load({
      url: `${server.url}/business/communication/messages`,
      method: "POST",
      body,
      connections: CONNECTIONS,
      durationSeconds,
    });
  } finally {
    await server.stop();
  }
}

/**
 * The ceiling: the floor's route plus the one durable write of the message row, group-committed on
 * the raw driver (`servers/ceiling.mjs`). How far ingest can get on this machine with nothing else.
 */
export async function ceiling(
  dialect: Dialect,
  durationSeconds: number,
  script: string,
): Promise<LoadResult> {
  const storage = new Storage(dialect);
  try {
    return await floor(durationSeconds, script, storage.env());
  } finally {
    await storage.remove();
  }
}

/** More set-up of the tenant before the load (subscriptions, say), with the receiver's URL. */
export type PrepareTenant = (
  url: string,
  directoryToken: string,
  tenant: Tenant,
  receiverUrl: string,
) => Promise<void>;

/** Scenario 2: `POST /business/communication/messages` with a real app token, through the whole write path. */
export async function ingest(
  dialect: Dialect,
  durationSeconds: number,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
  prepare: PrepareTenant = async () => {},
): Promise<IngestResult> {
  const storage = new Storage(dialect);
  const receiver = new Receiver();
  await receiver.start();
  const server = await storage.start(extraEnv, nodeArgs);
  try {
    const tenant = await setUpTenant(server.url, storage.directoryToken, receiver.url, SESSIONS);
    await prepare(server.url, storage.directoryToken, tenant, receiver.url);
    let count = 0;
    const body = () => {
      const session = tenant.sessions[count % SESSIONS];
      return JSON.stringify({
        channel_uid: tenant.channelUid,
        external_uid: session?.externalUid,
        message: TEXT,
        message_uid: `m-${count++}`,
      });
    };
    const options = {
      url: `${server.url}/business/communication/messages`,
      method: "POST" as const,
      headers: { authorization: `Bearer ${tenant.appToken}` },
      body,
      connections: CONNECTIONS,
    };
    await load({ ...options, durationSeconds: warmUpSeconds(durationSeconds) });
    let peakRssMb = 0;
    const result = await load({
      ...options,
      durationSeconds,
      onTick: () => (peakRssMb = Math.max(peakRssMb, server.rssMb())),
    });
    return { ...result, peakRssMb };
  } finally {
    await server.stop();
    await receiver.close();
    await storage.remove();
  }
}
