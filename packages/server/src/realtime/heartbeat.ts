import type { WebSocket } from "ws";

export const HEARTBEAT_INTERVAL_MS = 30_000;

/**
 * Pings every socket each interval; one that has not answered the previous ping by the next beat is
 * dropped. That frees what a vanished page held (a closed laptop sends no close frame) and keeps
 * proxies from timing out an idle socket.
 */
export class Heartbeat {
  private readonly answered = new WeakSet<WebSocket>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sockets: () => Iterable<WebSocket>,
    private readonly intervalMs = HEARTBEAT_INTERVAL_MS,
  ) {}

  watch(socket: WebSocket): void {
    this.answered.add(socket);
    socket.on("pong", () => this.answered.add(socket));
  }

  start(): void {
    this.timer = setInterval(() => this.beat(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  beat(): void {
    for (const socket of this.sockets()) {
      if (socket.readyState !== socket.OPEN) continue;
      if (!this.answered.has(socket)) {
        socket.terminate();
        continue;
      }
      this.answered.delete(socket);
      socket.ping();
    }
  }
}
