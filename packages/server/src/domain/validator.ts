import type { Logger } from "pino";
import type { DomainEvent } from "../events/types.js";
import { validatePendingChannel } from "./channels.js";
import type { Domain } from "./context.js";
import { validatePendingSession } from "./sessions.js";

/**
 * Channels and sessions start `pending`; this moves them on (SPEC §7) right after the commit that
 * made them pending. The pending rows are themselves the durable queue: a sweep on start and at an
 * interval picks up any a crash left behind, on any process.
 */
export class Validator {
  private timer: NodeJS.Timeout | null = null;
  private readonly waiting = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly domain: Domain,
    private readonly logger: Logger,
    private readonly delayMs = 50,
  ) {}

  readonly onCommit = (events: readonly DomainEvent[]): void => {
    for (const event of events) {
      if (event.type === "channel.updated" && event.channel.status === "pending") {
        this.later(() => validatePendingChannel(this.domain, event.channel.uid));
      } else if (event.type === "session.updated" && event.session.status === "pending") {
        this.later(() => validatePendingSession(this.domain, event.session.uid));
      }
    }
  };

  start(sweepIntervalMs = 10_000): void {
    this.track(this.sweep());
    this.timer = setInterval(() => this.track(this.sweep()), sweepIntervalMs);
    this.timer.unref();
  }

  /** Pending validations are left to the next start's sweep; those under way finish first. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const timer of this.waiting) clearTimeout(timer);
    this.waiting.clear();
    await Promise.allSettled([...this.running]);
  }

  async sweep(): Promise<void> {
    try {
      const channels = await this.domain.db
        .selectFrom("channels")
        .select("uid")
        .where("status", "=", "pending")
        .limit(500)
        .execute();
      for (const { uid } of channels) await validatePendingChannel(this.domain, uid);
      const sessions = await this.domain.db
        .selectFrom("sessions")
        .select("uid")
        .where("status", "=", "pending")
        .limit(500)
        .execute();
      for (const { uid } of sessions) await validatePendingSession(this.domain, uid);
    } catch (error) {
      this.logger.error({ err: error }, "validation sweep failed");
    }
  }

  private later(task: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      this.track(
        task().catch((error) =>
          this.logger.error({ err: error }, "validation failed; the sweep will try again"),
        ),
      );
    }, this.delayMs);
    timer.unref();
    this.waiting.add(timer);
  }

  private track(run: Promise<void>): void {
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }
}
