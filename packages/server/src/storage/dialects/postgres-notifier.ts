import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import type { Database } from "../schema.js";
import type { ChangeNotifier, NotifierOptions } from "./types.js";

const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 15_000;

export interface PostgresNotifierOptions extends NotifierOptions {
  connectionString: string;
  /**
   * NOTIFY reaches every listener of the database, whatever its schema: the payload names the schema
   * so that deployments (and test runs) sharing one database in separate schemas do not wake each other.
   */
  scope: string;
}

/**
 * LISTEN/NOTIFY: `notify` sends `pg_notify(topic, "scope sender")` after the commit, and every process LISTENs
 * on a dedicated connection of its own (a pooled one would be handed to queries and miss them).
 * When that connection drops, it reconnects with backoff and wakes the listeners once it listens
 * again, since notifications sent in between are lost.
 */
export class PostgresNotifier implements ChangeNotifier {
  private readonly listeners: Array<() => void> = [];
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelayMs = RECONNECT_FIRST_MS;
  private closed = false;
  /** The schema, then this notifier's own id: `scope sender`. */
  private readonly payload: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: PostgresNotifierOptions,
  ) {
    this.payload = `${options.scope} ${randomUUID()}`;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async notify(): Promise<void> {
    // This process hears at once, the others through LISTEN; the payload names the sender, so that
    // this process skips its own echo (a read of nothing new per write, under ingest a tenth of the
    // statements).
    this.wakeListeners();
    await sql`select pg_notify(${this.options.topic}, ${this.payload})`.execute(this.db);
  }

  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    this.listeners.length = 0;
    await client?.end().catch(() => undefined);
  }

  private wakeListeners(): void {
    for (const listener of this.listeners) listener();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const { topic, scope, connectionString } = this.options;
    const client = new pg.Client({ connectionString, application_name: `tandem realtime (${scope})` });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.options.onError(error ?? new Error("the LISTEN connection ended"));
      this.scheduleReconnect();
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", (message) => {
      if (message.channel !== topic || message.payload === this.payload) return;
      // A bare scope comes from a process of an earlier version, during a rolling upgrade.
      const payload = message.payload ?? "";
      if (payload === scope || payload.slice(0, payload.lastIndexOf(" ")) === scope) this.wakeListeners();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(topic)}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (lost) return;
    if (this.closed) {
      lost = true;
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelayMs = RECONNECT_FIRST_MS;
    this.wakeListeners();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer) return;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
