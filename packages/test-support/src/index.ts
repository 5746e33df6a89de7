// One entry for the server's and the page's tests; each module does one job.

// The page's sign-in test counts refusals up to the server's throttle.
export { FAILURES_PER_EMAIL } from "@tandem/server/testing";
export * from "./answer-check.js";
export * from "./conversation.js";
export * from "./fixtures.js";
export * from "./http.js";
export * from "./integrations.js";
export * from "./lossy-proxy.js";
export * from "./oauth-browser.js";
export * from "./process.js";
export * from "./receiver.js";
export * from "./refusals.js";
export * from "./remote-tenant.js";
export * from "./route-table.js";
export * from "./sealed.js";
export * from "./server.js";
export * from "./shared-schema.js";
export * from "./staff-sends.js";
export * from "./storage.js";
export * from "./tenants.js";
export * from "./wrong-callers.js";
