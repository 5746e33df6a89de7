import type { SecretBox } from "../auth/secrets.js";
import { sealedSigningSecrets } from "../auth/webhook-secrets.js";
import { nowIso } from "../clock.js";
import type { AppRow } from "../storage/schema.js";
import { signatureHeaders } from "./signing.js";

export interface SecretFailure {
  appId: string;
  message: string;
  since: string;
}

/**
 * Signs webhooks with apps' secrets, opened from their sealed form, and remembers which apps' secrets
 * could not be opened at their last try: while any could not, this process cannot deliver to them,
 * and `/readyz` says so.
 */
export class WebhookSigner {
  /** Decrypting a secret per attempt showed in profiles; a rotated secret has new ciphertext, so the cache never serves an old one. */
  private readonly opened = new Map<string, string>();
  private readonly failing = new Map<string, SecretFailure>();

  constructor(
    private readonly secrets: SecretBox,
    private readonly onChange: (failingApps: number) => void = () => {},
  ) {}

  /** Standard Webhooks headers for one attempt; throws when a secret of the app cannot be opened. */
  headers(app: AppRow, webhookId: string, body: string): Record<string, string> {
    try {
      const headers = signatureHeaders(this.signingSecrets(app), webhookId, body);
      this.settle(app.id, null);
      return headers;
    } catch (error) {
      this.settle(app.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /** Opens the app's current secrets again (for `/readyz`): answers whether they open now. */
  recheck(app: AppRow | null, appId: string): boolean {
    if (!app || app.deleted_at) {
      this.settle(appId, null);
      return true;
    }
    try {
      this.headers(app, "msg_readiness_check", "");
      return true;
    } catch {
      return false;
    }
  }

  failures(): SecretFailure[] {
    return [...this.failing.values()];
  }

  private settle(appId: string, failure: string | null): void {
    const before = this.failing.size;
    if (failure === null) this.failing.delete(appId);
    else if (!this.failing.has(appId)) this.failing.set(appId, { appId, message: failure, since: nowIso() });
    if (this.failing.size !== before) this.onChange(this.failing.size);
  }

  private open(sealed: string): string {
    let secret = this.opened.get(sealed);
    if (secret === undefined) {
      if (this.opened.size >= 1_000) this.opened.clear();
      secret = this.secrets.open(sealed);
      this.opened.set(sealed, secret);
    }
    return secret;
  }

  private signingSecrets(app: AppRow): string[] {
    return sealedSigningSecrets(app).map((sealed) => this.open(sealed));
  }
}
