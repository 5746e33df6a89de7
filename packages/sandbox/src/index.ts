export { SANDBOX_BASE, WEBHOOK_BASE } from "./http/router.js";
export type { ReceiptDelays } from "./receipts.js";
export {
  createSandbox,
  Sandbox,
  type SandboxLog,
  type SandboxOptions,
  type SandboxTarget,
} from "./sandbox.js";
export type * from "./wire.js";
