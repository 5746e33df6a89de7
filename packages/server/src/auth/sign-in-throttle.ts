export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const FAILURES_PER_EMAIL = 10;
/** Past this many emails, windows that have ended are dropped (a guesser cycling emails grows the map). */
const PRUNE_ABOVE = 10_000;

interface Window {
  failures: number;
  startedAt: number;
}

/**
 * Password guessing, held back: an email may fail FAILURES_PER_EMAIL sign-ins in 15 minutes. Past
 * that, its sign-ins are refused until the window ends, before any password is checked, which also
 * spares the work of scrypt. A success clears the email. Counted by email, not by address: behind a
 * reverse proxy every caller has the proxy's address, and one guesser would lock everyone out.
 * Counted in memory, in each process.
 */
export class SignInThrottle {
  private readonly byEmail = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds until a sign-in to this email may be tried, or 0 when it may now. */
  retryAfter(email: string): number {
    const window = this.current(email);
    if (!window || window.failures < FAILURES_PER_EMAIL) return 0;
    return Math.ceil((window.startedAt + SIGN_IN_WINDOW_MS - this.now()) / 1000);
  }

  /** An attempt counts as a failure until it succeeds. */
  attempted(email: string): void {
    const window = this.current(email);
    if (window) window.failures++;
    else {
      if (this.byEmail.size >= PRUNE_ABOVE) this.prune();
      this.byEmail.set(email, { failures: 1, startedAt: this.now() });
    }
  }

  succeeded(email: string): void {
    this.byEmail.delete(email);
  }

  /** The email's window, unless it has ended. */
  private current(email: string): Window | undefined {
    const window = this.byEmail.get(email);
    if (window && this.now() - window.startedAt >= SIGN_IN_WINDOW_MS) {
      this.byEmail.delete(email);
      return undefined;
    }
    return window;
  }

  private prune(): void {
    for (const [email, window] of this.byEmail)
      if (this.now() - window.startedAt >= SIGN_IN_WINDOW_MS) this.byEmail.delete(email);
  }
}
