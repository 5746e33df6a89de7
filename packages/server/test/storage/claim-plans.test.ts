import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { storageForSuite } from "@tandem/test-support";
import { CompiledQuery } from "kysely";
import { nowIso } from "../../src/clock.js";
import { claimCandidates, claimFirstOpenOfKey } from "../../src/webhooks/claims.js";

/**
 * Finished deliveries stay in the table for good, so a claim that walked the table would slow
 * down as it grows: each look-up must search its partial index. SQLite's plans only; PostgreSQL
 * plans by the statistics of the data, so a plan on an empty table would prove nothing.
 */
describe("claim look-ups on SQLite search their partial indexes", () => {
  const storage = storageForSuite("sqlite", "claimplans");

  async function planOf(query: CompiledQuery): Promise<string[]> {
    // A prepared statement's values are placeholders; any text does for a plan.
    const values = query.parameters.map((value) => (typeof value === "object" && value ? "x" : value));
    const explained = await storage().db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${query.sql}`, values),
    );
    return explained.rows.map((row) => row.detail);
  }

  for (const saturated of [false, true]) {
    const request = {
      now: nowIso(),
      workerId: "worker",
      leaseMs: 30_000,
      slotsByApp: new Map(saturated ? [["busy-app", 0]] : []),
      defaultSlots: 8,
      limit: 64,
      skipLocked: false,
    };
    const label = saturated ? "with a saturated app left out" : "with every app free";

    const lookUps = [
      { title: "pending deliveries walk", query: "due", index: "deliveries_pending" },
      { title: "abandoned leases search", query: "abandoned", index: "deliveries_leased" },
    ] as const;
    for (const { title, query, index } of lookUps) {
      it(`${title} ${index}, ${label}`, async () => {
        const plan = await planOf(claimCandidates(storage().db, request)[query].compile());
        assert.ok(
          plan.some((line) => line.includes(`USING INDEX ${index}`)),
          plan.join("\n"),
        );
        assert.ok(!plan.includes("SCAN d"), plan.join("\n"));
      });
    }
  }

  it("the hand-off updates one row by its key, found by searching deliveries_open", async () => {
    const plan = await planOf(claimFirstOpenOfKey.statement(storage().db));
    assert.ok(
      plan.some((line) => line.includes("USING INTEGER PRIMARY KEY")),
      plan.join("\n"),
    );
    assert.ok(
      plan.some((line) => line.includes("USING INDEX deliveries_open")),
      plan.join("\n"),
    );
    assert.ok(!plan.some((line) => line.startsWith("SCAN")), plan.join("\n"));
  });
});
