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

/** AES-256-GCM for secrets Tandem must read back (webhook signing secrets). */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secretKey: Buffer) {
    this.key = createHash("sha256").update(secretKey).update("tandem:secretbox").digest();
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [
      "v1",
      iv.toString("base64url"),
      cipher.getAuthTag().toString("base64url"),
      body.toString("base64url"),
    ].join(".");
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || !iv || !tag || !body) throw new Error("unknown sealed secret format");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  }
}
