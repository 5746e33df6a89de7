/* The one door to the shared test support: the real Tandem started in this process, its fixtures, its webhook receiver, its OAuth page walker and the proxy that loses answers. */

export type { Client, JsonObject } from "@tandem/test-support";
export {
  activeChannel,
  activeSession,
  appToken,
  Browser,
  consentThroughPages,
  createBusiness,
  createClient,
  DIALECTS,
  type DialectName,
  directory,
  eventually,
  formEndingWith,
  install,
  LossyProxy,
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
