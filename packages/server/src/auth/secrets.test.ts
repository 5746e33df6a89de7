import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { sealedInFirstFormat } from "@tandem/test-support";
import { SecretBox } from "./secrets.js";

const keyA = randomBytes(32);
const keyB = randomBytes(32);

describe("SecretBox", () => {
  it("opens what it sealed, and a box with another key does not", () => {
    const sealed = new SecretBox(keyA).seal("whsec_one");
    assert.equal(new SecretBox(keyA).open(sealed), "whsec_one");
    assert.throws(() => new SecretBox(keyB).open(sealed), /does not hold/);
  });

  it("opens what the previous key sealed, and seals with the key the database names", () => {
    const old = new SecretBox(keyA).seal("whsec_old");
    const ring = new SecretBox(keyB, keyA);
    assert.equal(ring.open(old), "whsec_old");
    assert.equal(ring.needsResealing(old), true);

    assert.equal(ring.sealWith(new SecretBox(keyA).currentFingerprint), true);
    const sealedWithA = ring.seal("whsec_during");
    assert.equal(
      new SecretBox(keyA).open(sealedWithA),
      "whsec_during",
      "processes on the old key still read it",
    );

    assert.equal(ring.sealWith(ring.currentFingerprint), true);
    assert.equal(ring.needsResealing(old), true);
    assert.equal(ring.needsResealing(ring.seal("whsec_new")), false);
    assert.equal(ring.sealWith(new SecretBox(randomBytes(32)).currentFingerprint), false);
  });

  it("opens values of the first format with either key of the ring, and counts them for resealing", () => {
    const legacy = sealedInFirstFormat(keyA, "whsec_legacy");
    assert.equal(new SecretBox(keyB, keyA).open(legacy), "whsec_legacy");
    assert.equal(new SecretBox(keyA).needsResealing(legacy), true);
    assert.throws(() => new SecretBox(keyB).open(legacy), /authenticate/);
  });

  it("shows only check values of its keys, never the keys", () => {
    const box = new SecretBox(keyA, keyB);
    assert.match(box.currentFingerprint, /^[0-9a-f]{64}$/);
    assert.notEqual(box.currentFingerprint, box.previousFingerprint);
    assert.ok(!box.currentFingerprint.includes(keyA.toString("hex").slice(0, 16)));
    assert.equal(
      new SecretBox(keyA).currentFingerprint,
      box.currentFingerprint,
      "the same key, the same check value",
    );
  });
});
