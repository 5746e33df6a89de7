/* The one door to the shared test support: the real Tandem started in this process, its fixtures, its webhook receiver and its OAuth page walker. */

export type { Client, JsonObject } from "@tandem/test-support";
export {
  activeChannel,
  activeSession,
  appToken,
  Browser,
  createBusiness,
  createClient,
  DIALECTS,
  type DialectName,
  directory,
  eventually,
  formEndingWith,
  install,
  readyConversation,
  registerApp,
  registerIntegration,
  signIn,
  staffClient,
  startServer,
  type TestBusiness,
  type TestServer,
  unique,
  WebhookReceiver,
} from "@tandem/test-support";
