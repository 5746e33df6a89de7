import * as communication from "./communication.js";
import * as conversations from "./conversations.js";
import * as deliveries from "./deliveries.js";
import * as oauth from "./oauth.js";
import type { Operation } from "./operation.js";
import * as page from "./page.js";
import * as platform from "./platform.js";
import * as system from "./system.js";

export * from "./inputs.js";
export * from "./operation.js";
export { communication, conversations, deliveries, oauth, page, platform, system };

const isOperation = (value: unknown): value is Operation =>
  typeof value === "object" && value !== null && "operationId" in value && "method" in value;

/** Every operation of Tandem's HTTP API. */
export const OPERATIONS: readonly Operation[] = [
  platform,
  deliveries,
  communication,
  conversations,
  page,
  system,
  oauth,
].flatMap((area) => Object.values(area).filter(isOperation));
