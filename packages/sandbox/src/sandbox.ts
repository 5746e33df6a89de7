import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { Tandem, TandemDirectory, WebhookHandler } from "@tandem/sdk";
import { Feed } from "./http/feed.js";
import { PageApi } from "./http/page-api.js";
import { SANDBOX_BASE, sandboxListener, WEBHOOK_BASE } from "./http/router.js";
import { DEFAULT_SLOW_MS, WebhookEndpoint } from "./http/webhook-endpoint.js";
import { PhoneBook } from "./phone-book.js";
import { PhoneNetwork } from "./phone-network.js";
import { DEFAULT_RECEIPT_DELAYS, type ReceiptDelays, Receipts } from "./receipts.js";
import { ensureActiveChannel } from "./setup/channel.js";
import { postHistory } from "./setup/history.js";
import { ensureRegistered } from "./setup/registration.js";
import type { NetworkSwitches, SandboxStatus } from "./wire.js";

/** Where the sandbox writes what it has to say (pino's logger fits). */
export interface SandboxLog {
  info(detail: object, message: string): void;
  warn(detail: object, message: string): void;
}

export interface SandboxOptions {
  /** Where the phones and the app's secrets are kept; null keeps them in memory only. */
  dataDir: string | null;
  receiptDelays?: ReceiptDelays;
  /** What "slow network" waits before answering a webhook. */
  slowMs?: number;
  /** The lived-in demo's history, posted on the first start (default true). */
  history?: boolean;
  log?: SandboxLog;
}

/** The Tandem the sandbox works with, and the business it serves. */
export interface SandboxTarget {
  /** Where Tandem listens. */
  tandemUrl: string;
  /** Where the sandbox's listener is reached (its api_uri and pictures); default Tandem's, where npm start mounts it. */
  ownUrl?: string;
  directoryToken: string;
  businessUid: string;
}

/** Minted tokens last 30 days: a new one each week. */
const TOKEN_RENEWAL_MS = 7 * 24 * 3600 * 1000;

/** A delivery begun this long before "network down" may have failed because of it. */
const RECOVER_MARGIN_MS = 60_000;

const QUIET: SandboxLog = { info() {}, warn() {} };

/**
 * The sandbox network: a communication app built on the SDK alone, with simulated client phones.
 * `listener` answers everything under /sandbox (mount it before starting); `start` registers the
 * app through Tandem's directory API, installs it on the business and makes its channel active.
 */
export class Sandbox {
  readonly basePath = SANDBOX_BASE;
  readonly listener: (request: IncomingMessage, response: ServerResponse) => void;
  private readonly book: PhoneBook;
  private readonly feed = new Feed();
  private readonly network: PhoneNetwork;
  private readonly receipts: Receipts;
  private readonly webhooks: WebhookEndpoint;
  private readonly log: SandboxLog;
  private switches: NetworkSwitches = { down: false, slow: false };
  /** When the network went down, and the calls to make Tandem send what waits once it is up. */
  private downSince: Date | null = null;
  private recovery: { directory: TandemDirectory; appId: string } | null = null;
  private renewal: NodeJS.Timeout | null = null;
  private status: SandboxStatus = { ready: false, problem: "setting up", channelStatus: null };

  constructor(private readonly options: SandboxOptions) {
    this.log = options.log ?? QUIET;
    this.book = new PhoneBook(options.dataDir ? join(options.dataDir, "sandbox-phones.json") : null);
    this.receipts = new Receipts(
      this.book,
      () => this.network.connected,
      options.receiptDelays ?? DEFAULT_RECEIPT_DELAYS,
      (error) => this.log.warn({ err: error }, "sandbox: a receipt was refused"),
    );
    this.network = new PhoneNetwork(this.book, this.receipts, (event) => this.feed.publish(event));
    this.book.onChange((change) =>
      this.feed.publish(
        change.kind === "contact"
          ? { type: "contact", contact: change.contact }
          : { type: "message", message: change.message },
      ),
    );
    this.webhooks = new WebhookEndpoint(WEBHOOK_BASE, () => this.switches, options.slowMs ?? DEFAULT_SLOW_MS);
    const api = new PageApi({
      book: this.book,
      network: this.network,
      receipts: this.receipts,
      status: () => this.status,
      switches: () => this.switches,
      setSwitches: (change) => this.setSwitches(change),
    });
    this.listener = sandboxListener({ api, feed: this.feed, webhooks: this.webhooks });
  }

  /** Sets the app up at Tandem, idempotently: on every start, whatever an earlier one left. */
  async start(target: SandboxTarget): Promise<void> {
    try {
      await this.setUp(target);
    } catch (error) {
      this.setStatus({ ready: false, problem: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.renewal) clearInterval(this.renewal);
    this.receipts.close();
    this.feed.close();
    this.book.flush();
  }

  private async setUp(target: SandboxTarget): Promise<void> {
    const directory = new TandemDirectory({ baseUrl: target.tandemUrl, token: target.directoryToken });
    const listenerUrl = target.ownUrl ?? target.tandemUrl;
    const ownUrl = `${listenerUrl}${SANDBOX_BASE}`;
    const credentials = await ensureRegistered(
      directory,
      this.options.dataDir ? join(this.options.dataDir, "sandbox-app.json") : null,
      `${listenerUrl}${WEBHOOK_BASE}`,
      `${ownUrl}/`,
    );
    await directory.installations.create(target.businessUid, { app_code_name: credentials.appCodeName });
    this.recovery = { directory, appId: credentials.appId };
    this.webhooks.use(
      new WebhookHandler({
        secret: credentials.webhookSecret,
        ...this.network.webhooks,
        onChannelStatus: ({ status }) => this.channelStatus(status),
        onError: (error, delivery) =>
          this.log.warn({ err: error, kind: delivery.kind }, "sandbox: a webhook failed"),
      }),
    );
    const api = await this.appApi(directory, credentials.appId, target);
    const channelUid = await ensureActiveChannel(api, target.businessUid);
    const connection = { api, channelUid };
    this.network.connect(connection);
    this.renewal = setInterval(() => {
      this.appApi(directory, credentials.appId, target).then(
        (renewed) => this.network.connect({ api: renewed, channelUid }),
        (error: unknown) => this.log.warn({ err: error }, "sandbox: could not renew its token"),
      );
    }, TOKEN_RENEWAL_MS).unref();
    if (this.options.history !== false && !this.book.wasSeeded) {
      await postHistory({
        book: this.book,
        network: this.network,
        connection,
        directory,
        tandemUrl: target.tandemUrl,
        businessUid: target.businessUid,
        mediaUrl: `${ownUrl}/media`,
      });
    }
    this.setStatus({ ready: true, problem: null, channelStatus: "active" });
    this.log.info({ channelUid, appId: credentials.appId }, "sandbox ready");
  }

  /**
   * The SDK's calls for the business with a token the directory mints, rather than the app's OAuth
   * client: a start of the sandbox then never wakes Tandem's OAuth server, which would cost the demo
   * a third of a cold start's work and its memory.
   */
  private async appApi(directory: TandemDirectory, appId: string, target: SandboxTarget) {
    const { token: accessToken } = await directory.tokens.mint({
      app_id: appId,
      business_uid: target.businessUid,
    });
    return new Tandem({ baseUrl: target.tandemUrl, accessToken }).forBusiness(target.businessUid);
  }

  private setSwitches(change: Partial<NetworkSwitches>): NetworkSwitches {
    const wasDown = this.switches.down;
    this.switches = { ...this.switches, ...change };
    this.feed.publish({ type: "network", network: this.switches });
    if (!wasDown && this.switches.down) this.downSince = new Date();
    if (wasDown && !this.switches.down) this.networkBack();
    return this.switches;
  }

  /**
   * Back up: Tandem would send what it holds on its retry schedule, minutes or hours away, so the
   * sandbox asks it to send now, as an operator does after an app's outage. Order is Tandem's to keep.
   */
  private networkBack(): void {
    const since = this.downSince;
    this.downSince = null;
    if (!since || !this.recovery) return;
    // From a little before the switch, for a delivery in flight as it went down.
    const from = new Date(since.getTime() - RECOVER_MARGIN_MS).toISOString();
    this.recovery.directory.deliveries.recover(this.recovery.appId, { since: from }).then(
      ({ recovered }) => this.log.info({ recovered }, "sandbox: network up, Tandem sends what it held"),
      (error: unknown) => this.log.warn({ err: error }, "sandbox: could not ask Tandem to send what it held"),
    );
  }

  private channelStatus(status: string): void {
    const active = status === "active" && this.network.connected !== null;
    this.setStatus({
      ready: active,
      channelStatus: status,
      problem: active
        ? null
        : `the sandbox's channel is ${status}: switch it on in the conversation page's settings`,
    });
  }

  private setStatus(change: Partial<SandboxStatus>): void {
    this.status = { ...this.status, ...change };
    this.feed.publish({ type: "status", status: this.status });
  }
}

export const createSandbox = (options: SandboxOptions) => new Sandbox(options);
