import type { SendResult } from "../webhooks/sender.js";

/**
 * Calls in a row an app may leave unanswered before the check makes no more: each waits out the
 * whole timeout, so a dead app's report comes after about this many timeouts rather than thirty
 * (beyond a proxy's limit in front of the settings page). Two, so that one lost call is not taken
 * for a dead app.
 */
export const UNANSWERED_IN_A_ROW = 2;

/** Why calls after `what` went unanswered are not made, in a skipped call's words. */
function notMade(result: SendResult, what: string): string {
  switch (result.failure) {
    case "timeout":
      return `not made: the app did not answer ${what} in time`;
    case "unsafe_destination":
      return `not made: Tandem does not call the app's address (${what} refused)`;
    default:
      return `not made: the app could not be reached for ${what}`;
  }
}

/**
 * When the check stops calling an app that does not answer: the rest of a kind once its valid call
 * got no answer (its replay and refusals would only wait out the same timeout), and every call
 * left once `UNANSWERED_IN_A_ROW` calls in a row got none. Why, in the words of each skipped call.
 */
export class StopRule {
  private inARow = 0;
  private last: SendResult | null = null;

  /** Counts a call's result: an answer of any status resets the count. */
  note(result: SendResult): void {
    this.inARow = result.statusCode === null ? this.inARow + 1 : 0;
    this.last = result;
  }

  /** Why a kind's calls after its valid one are not made, when that one got no answer; else null. */
  afterValidCall(result: SendResult): string | null {
    return result.statusCode === null ? notMade(result, "the valid call") : null;
  }

  /** Why no more calls are made at all, once too many in a row went unanswered; else null. */
  get givenUp(): string | null {
    if (this.inARow < UNANSWERED_IN_A_ROW || !this.last) return null;
    return notMade(this.last, `${this.inARow} calls in a row`);
  }
}
