import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/** A random token with a readable prefix, e.g. `tapp_…`; the prefix tells operators what leaked. */
export const randomToken = (prefix: string, bytes = 32): string =>
  `${prefix}${randomBytes(bytes).toString("base64url")}`;

/** Tokens and secrets that are never read back are kept only as this digest. */
export const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

export function safeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const hmacHex = (key: Buffer, value: string): string =>
  createHmac("sha256", key).update(value).digest("hex");

/** One key of the ring: what seals, and what may be shown of it (its check value and id). */
interface RingKey {
  /** An HMAC of a fixed label under the key: the database records it, never the key. */
  fingerprint: string;
  /** Carried by every value sealed with this key, so opening needs no trial and error. */
  id: string;
  aesKey: Buffer;
}

function ringKey(secretKey: Buffer): RingKey {
  const fingerprint = hmacHex(secretKey, "tandem:secret-key-check");
  return {
    fingerprint,
    id: fingerprint.slice(0, 16),
    aesKey: createHash("sha256").update(secretKey).update("tandem:secretbox").digest(),
  };
}

/** The key id a sealed value names, or null for the first format, which names none. */
const keyIdOf = (sealed: string): string | null =>
  sealed.startsWith("v2.") ? (sealed.split(".", 2)[1] ?? null) : null;

/**
 * AES-256-GCM for secrets Tandem must read back (webhook signing secrets), with a key ring: the
 * current key (`TANDEM_SECRET_KEY`) and, during a rotation, the previous one. Which of them seals is
 * the database's choice (`secret-key-state.ts`), so every process seals with a key all others hold.
 */
export class SecretBox {
  private readonly keys: RingKey[];
  private sealing: RingKey;

  constructor(secretKey: Buffer, previousKey: Buffer | null = null) {
    this.keys = [ringKey(secretKey), ...(previousKey ? [ringKey(previousKey)] : [])];
    this.sealing = this.keys[0] as RingKey;
  }

  get currentFingerprint(): string {
    return (this.keys[0] as RingKey).fingerprint;
  }

  get previousFingerprint(): string | null {
    return this.keys[1]?.fingerprint ?? null;
  }

  get sealingFingerprint(): string {
    return this.sealing.fingerprint;
  }

  holds(fingerprint: string): boolean {
    return this.keys.some((key) => key.fingerprint === fingerprint);
  }

  /** Seals from now on with the ring's key of this check value; false when the ring lacks it. */
  sealWith(fingerprint: string): boolean {
    const key = this.keys.find((candidate) => candidate.fingerprint === fingerprint);
    if (key) this.sealing = key;
    return key !== undefined;
  }

  /** Whether the value is sealed with another key than the one that seals now. */
  needsResealing(sealed: string): boolean {
    return keyIdOf(sealed) !== this.sealing.id;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.sealing.aesKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [
      "v2",
      this.sealing.id,
      iv.toString("base64url"),
      cipher.getAuthTag().toString("base64url"),
      body.toString("base64url"),
    ].join(".");
  }

  open(sealed: string): string {
    const parts = sealed.split(".");
    if (parts[0] === "v2" && parts.length === 5) {
      const [, id, iv, tag, body] = parts as [string, string, string, string, string];
      const key = this.keys.find((candidate) => candidate.id === id);
      if (!key) {
        throw new Error(
          `secret sealed with a key this process does not hold (key id ${id}): TANDEM_SECRET_KEY or TANDEM_SECRET_KEY_PREVIOUS must be the key that sealed it`,
        );
      }
      return decrypt(key.aesKey, iv, tag, body);
    }
    if (parts[0] === "v1" && parts.length === 4) {
      // The first format names no key: it was sealed with whichever key the process had.
      const [, iv, tag, body] = parts as [string, string, string, string];
      let failure: unknown;
      for (const key of this.keys) {
        try {
          return decrypt(key.aesKey, iv, tag, body);
        } catch (error) {
          failure = error;
        }
      }
      throw failure;
    }
    throw new Error("unknown sealed secret format");
  }
}

function decrypt(aesKey: Buffer, iv: string, tag: string, body: string): string {
  const decipher = createDecipheriv("aes-256-gcm", aesKey, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
