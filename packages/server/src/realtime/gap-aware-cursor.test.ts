import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GapAwareCursor } from "./gap-aware-cursor.js";

const rows = (...ids: number[]) => ids.map((id) => ({ id }));
const ids = (released: Array<{ id: number }>) => released.map((row) => row.id);

describe("GapAwareCursor", () => {
  it("moves over contiguous ids", () => {
    const cursor = new GapAwareCursor(4, 1000);
    const step = cursor.advance(rows(5, 6, 7), 0);
    assert.deepEqual(ids(step.released), [5, 6, 7]);
    assert.equal(cursor.position, 7);
    assert.equal(step.held, 0);
    assert.equal(step.retryAt, null);
  });

  it("holds everything after a missing id, and releases it in order once the id commits", () => {
    const cursor = new GapAwareCursor(9, 1000);
    const first = cursor.advance(rows(11, 12), 100);
    assert.deepEqual(ids(first.released), []);
    assert.equal(first.held, 2);
    assert.equal(first.retryAt, 1100);
    assert.equal(cursor.position, 9);

    const second = cursor.advance(rows(10, 11, 12), 400);
    assert.deepEqual(ids(second.released), [10, 11, 12]);
    assert.equal(second.givenUp, 0);
    assert.equal(cursor.position, 12);
  });

  it("gives a missing id up once it has been missing for the grace period, counted from when it was first seen missing", () => {
    const cursor = new GapAwareCursor(9, 1000);
    cursor.advance(rows(11), 100);
    const stillWaiting = cursor.advance(rows(11, 12), 900);
    assert.deepEqual(ids(stillWaiting.released), []);
    assert.equal(stillWaiting.retryAt, 1100, "the deadline does not move when more rows arrive");

    const later = cursor.advance(rows(11, 12), 1100);
    assert.deepEqual(ids(later.released), [11, 12]);
    assert.equal(later.givenUp, 1);
    assert.equal(cursor.position, 12);
  });

  it("dates each missing id by the first read that went past it", () => {
    const cursor = new GapAwareCursor(0, 1000);
    cursor.advance(rows(1, 3), 0);
    assert.equal(cursor.position, 1);
    const step = cursor.advance(rows(3, 5), 500);
    assert.equal(step.retryAt, 1000, "id 2 has been missing since 0");

    const afterFirstDeadline = cursor.advance(rows(3, 5), 1000);
    assert.deepEqual(ids(afterFirstDeadline.released), [3]);
    assert.equal(afterFirstDeadline.retryAt, 1500, "id 4 has been missing only since 500");

    const afterSecondDeadline = cursor.advance(rows(5), 1500);
    assert.deepEqual(ids(afterSecondDeadline.released), [5]);
    assert.equal(cursor.position, 5);
  });

  it("ignores rows at or below its position", () => {
    const cursor = new GapAwareCursor(10, 1000);
    const step = cursor.advance(rows(9, 10, 11), 0);
    assert.deepEqual(ids(step.released), [11]);
  });
});
