export * from "./api/index.js";
export * from "./catalog.js";
export * from "./common.js";
export * from "./deliveries.js";
export * from "./entities.js";
export * from "./integration-events.js";
export * from "./realtime.js";
export * from "./webhooks.js";
