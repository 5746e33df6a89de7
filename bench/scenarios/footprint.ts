import { Receiver } from "../lib/receiver.js";
import { Storage } from "../lib/tandem.js";

export interface FootprintResult {
  coldStartMs: number[];
  warmStartMs: number[];
  idleRssMb: number;
}

/** Scenario 6: start until `/readyz` answers (a new database, then an existing one) and idle memory. */
export async function footprint(runs = 3): Promise<FootprintResult> {
  const coldStartMs: number[] = [];
  const warmStartMs: number[] = [];
  let idleRssMb = 0;
  const receiver = new Receiver();
  await receiver.start();
  for (let run = 0; run < runs; run++) {
    const storage = new Storage("sqlite");
    const cold = await storage.start();
    coldStartMs.push(cold.startedInMs);
    await cold.stop();
    const warm = await storage.start();
    warmStartMs.push(warm.startedInMs);
    if (run === runs - 1) {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      idleRssMb = warm.rssMb();
    }
    await warm.stop();
    await storage.remove();
  }
  await receiver.close();
  return { coldStartMs, warmStartMs, idleRssMb };
}
