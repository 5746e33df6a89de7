import { Tandem, type TandemOptions } from "../../src/index.js";
import {
  createBusiness,
  type DialectName,
  install,
  type JsonObject,
  registerApp,
  startServer,
  type TestBusiness,
  type TestServer,
  unique,
  WebhookReceiver,
} from "./tandem-server.js";

/** The real server, a registered app (its api_uri a real receiver) installed on a business. */
export interface AppScenario {
  server: TestServer;
  receiver: WebhookReceiver;
  app: JsonObject;
  business: TestBusiness;
  businessUid: string;
  /** The SDK as the app holds it: its client credentials, nothing else. */
  sdk(options?: Partial<TandemOptions>): Tandem;
  close(): Promise<void>;
}

export async function startAppScenario(
  dialect: DialectName,
  env: Record<string, string> = {},
): Promise<AppScenario> {
  const receiver = new WebhookReceiver();
  await receiver.start();
  const server = await startServer({ dialect, env });
  const { app } = await registerApp(server, receiver, { name: unique("Sdk App ") });
  const business = await createBusiness(server);
  const businessUid: string = business.business.uid;
  await install(server, businessUid, app.app_code_name);
  return {
    server,
    receiver,
    app,
    business,
    businessUid,
    sdk: (options = {}) =>
      new Tandem({
        baseUrl: server.url,
        clientId: app.client_id,
        clientSecret: app.client_secret,
        ...options,
      }),
    async close() {
      await server.close();
      await receiver.close();
    },
  };
}

/** A fetch that counts the calls of each `METHOD path`, then makes them for real. */
export function countingFetch() {
  const counts = new Map<string, number>();
  const counted: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const key = `${init?.method ?? "GET"} ${url.pathname}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return fetch(input, init);
  };
  return { fetch: counted, count: (key: string) => counts.get(key) ?? 0 };
}
