import { createECDH, createHmac } from "node:crypto";
import type { JWK } from "oidc-provider";

/**
 * Every key oidc-provider needs is derived from TANDEM_SECRET_KEY, so all processes agree on them
 * and a restart keeps sign-ins, cookies and issued ID tokens valid.
 */
export function deriveKey(secretKey: Buffer, purpose: string): Buffer {
  return createHmac("sha256", secretKey).update(`tandem:oauth:${purpose}`).digest();
}

/**
 * Keys of oidc-provider's cookies (interaction, resume, session): the first signs, any verifies, so
 * during a key rotation a sign-in begun on a process with the previous key still completes here.
 */
export function cookieKeys(secretKey: Buffer, previousKey: Buffer | null = null): string[] {
  return [secretKey, ...(previousKey ? [previousKey] : [])].map((key) =>
    deriveKey(key, "cookies").toString("base64url"),
  );
}

/** The P-256 key that signs ID tokens (ES256, the algorithm relying parties support most widely). */
export function idTokenSigningKey(secretKey: Buffer): JWK {
  const ecdh = createECDH("prime256v1");
  const privateKey = deriveKey(secretKey, "id-token-es256");
  ecdh.setPrivateKey(privateKey);
  // Uncompressed point: 0x04 || x (32 bytes) || y (32 bytes).
  const point = ecdh.getPublicKey();
  return {
    kty: "EC",
    crv: "P-256",
    alg: "ES256",
    use: "sig",
    d: privateKey.toString("base64url"),
    x: point.subarray(1, 33).toString("base64url"),
    y: point.subarray(33, 65).toString("base64url"),
  };
}
