import { createCipheriv, createHash, randomBytes } from "node:crypto";

/** A secret in the first sealed format (no key id), as Tandem stored them before key rings. */
export function sealedInFirstFormat(secretKey: Buffer, plaintext: string): string {
  const key = createHash("sha256").update(secretKey).update("tandem:secretbox").digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
}
