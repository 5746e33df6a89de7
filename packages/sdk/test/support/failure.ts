import assert from "node:assert/strict";
import { TandemError } from "../../src/index.js";

/** The TandemError a call that must fail threw. */
export async function failure(promise: Promise<unknown>): Promise<TandemError> {
  const error = await promise.then(
    () => assert.fail("the call succeeded"),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof TandemError, String(error));
  return error;
}
