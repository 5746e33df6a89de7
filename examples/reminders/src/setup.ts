import { TandemDirectory } from "@tandem/sdk";

export interface SetupOptions {
  tandemUrl: string;
  /** The operator's directory token: registering and installing apps is the directory's. */
  directoryToken: string;
  businessUid: string;
  name?: string;
}

/** What the tool's environment needs from the registration: secrets shown this once only. */
export interface Registration {
  appCodeName: string;
  env: {
    TANDEM_URL: string;
    TANDEM_CLIENT_ID: string;
    TANDEM_CLIENT_SECRET: string;
    TANDEM_WEBHOOK_SECRET: string;
    TANDEM_BUSINESS_UID: string;
  };
}

/**
 * Registers the booking tool with Tandem as an integration (it reaches clients, it carries no
 * network, so it has no api_uri) asking for `business/conversations`, and installs it on the
 * business, through the directory. A business's admin could install it by OAuth consent instead.
 */
export async function registerBookingTool(options: SetupOptions): Promise<Registration> {
  const directory = new TandemDirectory({ baseUrl: options.tandemUrl, token: options.directoryToken });
  const { app } = await directory.apps.create({
    name: options.name ?? "Booking Tool",
    app_type: ["integration"],
    // Where a business's admin would land after consenting; the directory installs it here instead.
    redirect_uri: "http://127.0.0.1/installed",
    trusted: true,
    scopes: ["business/conversations"],
  });
  await directory.installations.create(options.businessUid, { app_code_name: app.app_code_name });
  return {
    appCodeName: app.app_code_name,
    env: {
      TANDEM_URL: options.tandemUrl,
      TANDEM_CLIENT_ID: app.client_id,
      TANDEM_CLIENT_SECRET: app.client_secret,
      TANDEM_WEBHOOK_SECRET: app.webhook_secret,
      TANDEM_BUSINESS_UID: options.businessUid,
    },
  };
}
