import type { Logger } from "pino";
import type { WebSocket } from "ws";

/** Sent to a page whose sign-in ended: it should not reconnect but ask who it is (and sign in again). */
export const CLOSE_SIGNED_OUT = 4401;
export const SIGN_IN_CHECK_MS = 10_000;

/** What a page socket was opened with. */
export interface SignIn {
  /** The same for every socket opened with one credential (one cookie's session, one token). */
  key: string;
  /** Whether the credential still lets the same staff member into the same business. */
  stillValid(): Promise<boolean>;
}

interface Watched {
  signIn: SignIn;
  sockets: Set<WebSocket>;
}

/**
 * A page socket lasts only as long as the sign-in it was opened with. A sign-out in this process
 * closes its sockets at once (`end`). What happens elsewhere (a sign-out on another process, an
 * expiry, a revoked token, a removed staff member) is found by checking every sign-in again each
 * interval: once for all the sockets it opened, one after another so the check stays a trickle.
 */
export class SignInWatch {
  private readonly watched = new Map<string, Watched>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = SIGN_IN_CHECK_MS,
  ) {}

  watch(socket: WebSocket, signIn: SignIn): void {
    let entry = this.watched.get(signIn.key);
    if (!entry) {
      entry = { signIn, sockets: new Set() };
      this.watched.set(signIn.key, entry);
    }
    entry.sockets.add(socket);
    socket.once("close", () => {
      const current = this.watched.get(signIn.key);
      if (!current?.sockets.delete(socket)) return;
      if (current.sockets.size === 0) this.watched.delete(signIn.key);
    });
  }

  /** The sign-in ended: its sockets are told so and closed. */
  end(key: string): void {
    const entry = this.watched.get(key);
    if (!entry) return;
    this.watched.delete(key);
    for (const socket of entry.sockets) socket.close(CLOSE_SIGNED_OUT, "signed out; sign in again");
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking;
  }

  /** Every sign-in checked again; a check that fails (the database away) keeps its sockets open. */
  check(): Promise<void> {
    this.checking ??= this.checkEach().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async checkEach(): Promise<void> {
    for (const [key, { signIn }] of [...this.watched]) {
      try {
        if (!(await signIn.stillValid())) this.end(key);
      } catch (error) {
        this.logger.warn({ err: error }, "checking a page's sign-in failed; its sockets stay open");
      }
    }
  }
}
