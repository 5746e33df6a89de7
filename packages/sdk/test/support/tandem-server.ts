/*
 * The one door to the server's test support: the real Tandem started in this process, its
 * fixtures, its webhook receiver and its OAuth page walker. Repoint these imports to
 * `@tandem/test-support` once that package exists.
 */
export { Browser, formEndingWith } from "../../../server/test/oauth/browser.js";
export {
  activeChannel,
  activeSession,
  appToken,
  createBusiness,
  createClient,
  directory,
  eventually,
  install,
  registerApp,
  signIn,
  staffClient,
  type TestBusiness,
  unique,
} from "../../../server/test/support/fixtures.js";
export type { Client, JsonObject } from "../../../server/test/support/http.js";
export { WebhookReceiver } from "../../../server/test/support/receiver.js";
export {
  DIALECTS,
  type DialectName,
  startServer,
  type TestServer,
} from "../../../server/test/support/server.js";
