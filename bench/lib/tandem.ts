import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Running, START_FLAGS, startProcess, TANDEM_MAIN } from "./processes.js";

export type Dialect = "sqlite" | "postgres";
export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Where one Tandem under test keeps its data: a fresh folder, or a fresh PostgreSQL schema. */
export class Storage {
  readonly dataDir = mkdtempSync(join(tmpdir(), "tandem-bench-"));
  readonly schema = `bench_${randomBytes(5).toString("hex")}`;
  readonly directoryToken = `tdir_${randomBytes(12).toString("hex")}`;

  constructor(readonly dialect: Dialect) {}

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      TANDEM_DATA_DIR: this.dataDir,
      TANDEM_DIRECTORY_TOKEN: this.directoryToken,
      TANDEM_SECRET_KEY: "5".repeat(64),
      TANDEM_DEMO: "false",
      TANDEM_ALLOW_PRIVATE_WEBHOOKS: "true",
      TANDEM_RATE_LIMIT_PER_MINUTE: "100000000",
      DATABASE_URL: this.dialect === "postgres" ? `${POSTGRES_URL}?schema=${this.schema}` : "",
      ...extra,
    };
  }

  start(extra: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Running> {
    // BENCH_NODE_ARGS: extra Node flags for every Tandem under test, e.g. `--cpu-prof`.
    const fromEnv = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
    return startProcess(TANDEM_MAIN, this.env(extra), "/readyz", [...START_FLAGS, ...fromEnv, ...nodeArgs]);
  }

  async remove(): Promise<void> {
    rmSync(this.dataDir, { recursive: true, force: true });
    if (this.dialect === "postgres") {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${this.schema}" cascade`);
      await client.end();
    }
  }
}

type Json = Record<string, unknown>;

export async function call(
  url: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<Json> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const parsed = (await response.json()) as { data?: Json };
  if (response.status >= 300)
    throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(parsed)}`);
  return parsed.data ?? {};
}

export interface Tenant {
  appId: string;
  appToken: string;
  staffToken: string;
  businessUid: string;
  channelUid: string;
  sessions: Array<{ clientUid: string; externalUid: string; sessionUid: string }>;
}

const waitFor = async (probe: () => Promise<boolean>) => {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error("bench setup timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * `count` subscriptions of one integration at the tenant's business, each taking every message from
 * a client, posted to `targetUrl` (a Receiver, which echoes Tandem's challenge).
 */
export async function subscribeIntegration(
  url: string,
  directoryToken: string,
  tenant: Tenant,
  targetUrl: string,
  count: number,
): Promise<void> {
  const { app } = (await call(url, "POST", "/platform/v1/apps", directoryToken, {
    name: "Bench Integration",
    app_type: ["integration"],
    redirect_uri: "http://127.0.0.1:1/cb",
  })) as { app: { app_id: string; app_code_name: string } };
  await call(url, "POST", `/platform/v1/businesses/${tenant.businessUid}/apps`, directoryToken, {
    app_code_name: app.app_code_name,
  });
  const { token } = (await call(url, "POST", "/platform/v1/tokens", directoryToken, {
    app_id: app.app_id,
    business_uid: tenant.businessUid,
  })) as { token: string };
  for (let index = 0; index < count; index++) {
    await call(url, "POST", "/business/conversations/v1/subscriptions", token, {
      events: ["message.created.client_to_business"],
      target_url: `${targetUrl}/events/${index}`,
    });
  }
}

/** A business with an installed app, an active channel and `sessions` active sessions, all through the API. */
export async function setUpTenant(
  url: string,
  directoryToken: string,
  apiUri: string,
  sessions: number,
): Promise<Tenant> {
  const { app } = (await call(url, "POST", "/platform/v1/apps", directoryToken, {
    name: "Bench App",
    app_type: ["communication"],
    redirect_uri: "http://127.0.0.1:1/cb",
    api_uri: apiUri,
  })) as { app: { app_id: string; app_code_name: string } };
  const created = (await call(url, "POST", "/platform/v1/businesses", directoryToken, {
    name: "Bench Shop",
    admin: {
      email: `bench-${randomBytes(3).toString("hex")}@shop.test`,
      display_name: "Bea",
      password: "a long password",
    },
  })) as { business: { uid: string }; staff: { uid: string } };
  const businessUid = created.business.uid;
  await call(url, "POST", `/platform/v1/businesses/${businessUid}/apps`, directoryToken, {
    app_code_name: app.app_code_name,
  });
  const { token: appToken } = (await call(url, "POST", "/platform/v1/tokens", directoryToken, {
    app_id: app.app_id,
    business_uid: businessUid,
  })) as { token: string };
  const { token: staffToken } = (await call(url, "POST", "/platform/v1/tokens", directoryToken, {
    staff_uid: created.staff.uid,
  })) as { token: string };
  const { channel } = (await call(url, "POST", "/business/communication/channels", appToken, {
    business_uid: businessUid,
    type: "transactional",
  })) as { channel: { uid: string } };
  await waitFor(
    async () =>
      (
        (await call(url, "GET", `/business/communication/channels/${channel.uid}`, appToken)) as {
          channel: { status: string };
        }
      ).channel.status === "active",
  );
  const list: Tenant["sessions"] = [];
  for (let index = 0; index < sessions; index++) {
    const { client } = (await call(url, "POST", "/platform/v1/clients", directoryToken, {
      business_uid: businessUid,
      first_name: `Client ${index}`,
    })) as { client: { uid: string } };
    const externalUid = `ext-${index}`;
    const { session } = (await call(url, "POST", "/business/communication/sessions", appToken, {
      business_uid: businessUid,
      channel_uid: channel.uid,
      contact_uid: client.uid,
      external_uid: externalUid,
    })) as { session: { uid: string } };
    await waitFor(
      async () =>
        (
          (await call(url, "GET", `/business/communication/sessions/${session.uid}`, appToken)) as {
            session: { status: string };
          }
        ).session.status !== "pending",
    );
    await call(url, "PUT", `/business/communication/sessions/${session.uid}`, appToken, { status: "active" });
    list.push({ clientUid: client.uid, externalUid, sessionUid: session.uid });
  }
  return { appId: app.app_id, appToken, staffToken, businessUid, channelUid: channel.uid, sessions: list };
}
