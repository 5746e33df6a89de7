import type { Logger } from "pino";
import type { WebSocket } from "ws";
import { pageEventFor } from "../events/page-feed.js";
import type { Writer } from "../events/writer.js";
import type { Metrics } from "../observability/metrics.js";
import type { Storage } from "../storage/database.js";
import type { ChangeNotifier } from "../storage/dialects/types.js";
import { FeedConnection } from "./feed-connection.js";
import { FeedReader } from "./feed-reader.js";
import { Heartbeat } from "./heartbeat.js";
import { Hub } from "./hub.js";
import { RealtimeMetrics } from "./metrics.js";
import { businessEventsBetween, type FeedBounds, feedBounds } from "./page-events.js";
import { FeedRetention } from "./retention.js";
import { type SignIn, SignInWatch } from "./sign-in-watch.js";

/** The topic of the change notifier; on PostgreSQL, the LISTEN/NOTIFY channel. */
export const PAGE_EVENTS_TOPIC = "tandem_page_events";
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_INTERNAL_ERROR = 1011;
/** How long shutdown waits for pages to answer the close frame before cutting them off. */
const CLOSE_WAIT_MS = 1000;

export interface RealtimeOptions {
  storage: Storage;
  writer: Writer;
  metrics: Metrics;
  logger: Logger;
  /** How often open sockets' sign-ins are checked again (SignInWatch). */
  signInCheckMs?: number;
}

/** A cursor the feed cannot resume from: pruned past, or never issued by this database. */
function isUnknownCursor(cursor: number, { oldest, newest }: FeedBounds): boolean {
  return cursor > (newest ?? 0) || (oldest !== null && cursor < oldest - 1);
}

/**
 * The page's realtime feed in this process: one reader of `page_events` fanned out to every socket,
 * woken by commits here and (PostgreSQL) in every other process.
 */
export class Realtime {
  private readonly hub = new Hub();
  private readonly connections = new Set<FeedConnection>();
  private readonly heartbeat = new Heartbeat(() =>
    [...this.connections].map((connection) => connection.socket),
  );
  private readonly metrics: RealtimeMetrics;
  private readonly notifier: ChangeNotifier;
  private readonly reader: FeedReader;
  private readonly retention: FeedRetention;
  private readonly signIns: SignInWatch;
  private closing = false;

  private constructor(private readonly options: RealtimeOptions) {
    const { storage, logger } = options;
    this.metrics = new RealtimeMetrics(options.metrics.registry);
    const notifier = storage.dialect.createNotifier(storage.db, {
      topic: PAGE_EVENTS_TOPIC,
      onError: (error) => logger.warn({ err: error }, "realtime notifier connection lost; reconnecting"),
    });
    this.notifier = notifier;
    this.reader = new FeedReader({
      db: storage.db,
      notifier,
      publish: (events) => this.hub.publish(events),
      metrics: this.metrics,
      logger,
    });
    this.retention = new FeedRetention(storage.db, logger);
    this.signIns = new SignInWatch(logger, options.signInCheckMs);
    options.writer.onCommit((events) => {
      if (!events.some((event) => pageEventFor(event) !== null)) return;
      notifier.notify().catch((error: unknown) => logger.warn({ err: error }, "realtime notify failed"));
    });
  }

  static async start(options: RealtimeOptions): Promise<Realtime> {
    const realtime = new Realtime(options);
    await realtime.notifier.start();
    await realtime.reader.start();
    realtime.retention.start();
    realtime.heartbeat.start();
    realtime.signIns.start();
    return realtime;
  }

  /**
   * Serves one page socket: subscribes it at once (live events wait while the replay is read), then
   * replays the business's events after `cursor` up to the reader's position, or sends `reset` when
   * the cursor cannot be resumed, then `ready`, then follows live, for as long as `signIn` lasts.
   */
  async attach(socket: WebSocket, businessUid: string, cursor: number | null, signIn: SignIn): Promise<void> {
    if (this.closing) return socket.close(CLOSE_GOING_AWAY, "server shutting down");
    this.signIns.watch(socket, signIn);
    const caughtUpTo = this.reader.position;
    const connection = new FeedConnection(socket, businessUid, cursor ?? caughtUpTo);
    this.hub.add(connection);
    this.connections.add(connection);
    this.heartbeat.watch(socket);
    this.metrics.sockets.inc();
    socket.on("close", () => {
      this.hub.remove(connection);
      this.connections.delete(connection);
      this.metrics.sockets.dec();
    });
    try {
      if (cursor !== null) await this.resume(connection, cursor, caughtUpTo);
      connection.ready(caughtUpTo);
    } catch (error) {
      this.options.logger.warn({ err: error }, "realtime replay failed");
      socket.close(CLOSE_INTERNAL_ERROR, "replay failed; reconnect with your cursor");
    }
  }

  private async resume(connection: FeedConnection, cursor: number, caughtUpTo: number): Promise<void> {
    const { db } = this.options.storage;
    if (isUnknownCursor(cursor, await feedBounds(db))) return connection.reset(caughtUpTo);
    for await (const event of businessEventsBetween(db, connection.businessUid, cursor, caughtUpTo)) {
      if (!connection.open) return;
      connection.replay(event);
    }
  }

  /** The sign-in named by `key` ended in this process: its sockets close now. */
  endSignIn(key: string): void {
    this.signIns.end(key);
  }

  /** Graceful shutdown: no more reads, every page told to reconnect (elsewhere), LISTEN closed. */
  async close(): Promise<void> {
    this.closing = true;
    this.heartbeat.stop();
    await this.signIns.stop();
    await this.retention.stop();
    await this.reader.stop();
    const sockets = [...this.connections]
      .filter((connection) => connection.open)
      .map((connection) => connection.socket);
    const closed = Promise.all(
      sockets.map((socket) => new Promise<void>((resolve) => socket.once("close", () => resolve()))),
    );
    for (const socket of sockets) socket.close(CLOSE_GOING_AWAY, "server shutting down");
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
    for (const socket of sockets) socket.terminate();
    await this.notifier.close();
  }
}
