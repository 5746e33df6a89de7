/** Apart from `check-app.ts`, so that the help names the check without loading it. */
export const CHECK_APP_USAGE =
  "check-app --api-uri URL --secret whsec_… [--json] [--timeout-ms N]   play Tandem against an app's webhook endpoint";
