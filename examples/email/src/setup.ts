import type { BodyOf, DataOf, ErrorEnvelope, platform } from "@tandem/contract";

export interface SetupOptions {
  tandemUrl: string;
  /** The operator's directory token: registering and installing apps is the directory's. */
  directoryToken: string;
  businessUid: string;
  /** Where Tandem reaches the connector's HTTP listener (its EMAIL_PUBLIC_URL). */
  publicUrl: string;
  name?: string;
}

/** What the connector's environment needs from the registration: secrets shown this once only. */
export interface Registration {
  appId: string;
  appCodeName: string;
  env: {
    TANDEM_URL: string;
    TANDEM_CLIENT_ID: string;
    TANDEM_CLIENT_SECRET: string;
    TANDEM_WEBHOOK_SECRET: string;
    TANDEM_BUSINESS_UID: string;
  };
}

async function directoryCall<Data>(options: SetupOptions, path: string, body: unknown): Promise<Data> {
  const response = await fetch(`${options.tandemUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${options.directoryToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { data: Data } | ErrorEnvelope;
  if (!response.ok || !("data" in answer)) {
    const errors = "errors" in answer ? answer.errors : [];
    const why = errors.map((error) => `${error.field ?? ""} ${error.message}`.trim()).join("; ");
    throw new Error(`POST ${path}: ${response.status} ${why}`);
  }
  return answer.data;
}

/**
 * Registers the connector with Tandem as an open-channel communication app (mail from a new
 * address opens its session by itself, the client found or made by the address) and installs it
 * on the business, through the directory API. Each run registers a new app.
 */
export async function registerEmailApp(options: SetupOptions): Promise<Registration> {
  const publicUrl = options.publicUrl.replace(/\/+$/, "");
  const app: BodyOf<typeof platform.createApp> = {
    name: options.name ?? "Email",
    app_type: ["communication"],
    redirect_uri: `${publicUrl}/installed`,
    api_uri: `${publicUrl}/tandem`,
    open_channel: true,
    trusted: true,
    scopes: ["openid", "business/clients", "business/communication"],
  };
  const created = await directoryCall<DataOf<typeof platform.createApp, 201>>(
    options,
    "/platform/v1/apps",
    app,
  );
  const install: BodyOf<typeof platform.installApp> = { app_code_name: created.app.app_code_name };
  await directoryCall<DataOf<typeof platform.installApp, 201>>(
    options,
    `/platform/v1/businesses/${encodeURIComponent(options.businessUid)}/apps`,
    install,
  );
  return {
    appId: created.app.app_id,
    appCodeName: created.app.app_code_name,
    env: {
      TANDEM_URL: options.tandemUrl,
      TANDEM_CLIENT_ID: created.app.client_id,
      TANDEM_CLIENT_SECRET: created.app.client_secret,
      TANDEM_WEBHOOK_SECRET: created.app.webhook_secret,
      TANDEM_BUSINESS_UID: options.businessUid,
    },
  };
}
