import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { uuidV7 } from "./uid.js";

describe("uuidV7", () => {
  it("has the UUID shape, version 7 and the RFC variant", () => {
    const uid = uuidV7();
    assert.match(uid, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("carries the time in its first 48 bits", () => {
    // Later than any id made so far in this process, which the clock would otherwise stay behind.
    const at = Date.now() + 3_600_000;
    const uid = uuidV7(at);
    assert.equal(Number.parseInt(uid.replace(/-/g, "").slice(0, 12), 16), at);
  });

  it("sorts in the order it was made, also within one millisecond and past 4,096 in it", () => {
    const at = Date.now() + 7_200_000;
    const made = Array.from({ length: 10_000 }, () => uuidV7(at));
    assert.deepEqual([...made].sort(), made);
    assert.equal(new Set(made).size, made.length);
    const later = uuidV7(at + 1);
    assert.ok(later > (made.at(-1) ?? ""), "a later millisecond still sorts after borrowed ones");
  });
});
