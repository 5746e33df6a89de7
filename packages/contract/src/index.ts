export * from "./api/index.js";
export * from "./app-check.js";
export * from "./catalog.js";
export * from "./common.js";
export * from "./deliveries.js";
export * from "./entities.js";
export * from "./realtime.js";
export * from "./webhooks.js";
