/** Anything read from `page_events` in id order. */
export interface Identified {
  id: number;
}

export interface Advance<T> {
  /** Rows to hand on now, in id order, each following the previous without an open gap. */
  released: T[];
  /** Rows read but kept back behind a missing id. */
  held: number;
  /** When the missing id that holds them back will be given up (epoch ms), if one does. */
  retryAt: number | null;
  /** Ids given up on in this step, after missing for the whole grace period. */
  givenUp: number;
}

/**
 * A read position over ids that commit out of order. On PostgreSQL an id is taken at insert time
 * but becomes visible at commit, so id 11 can be read while id 10 is still in flight, and a
 * rollback leaves a gap for good. The position only moves over contiguous ids; a missing id holds
 * back everything after it until it shows up, or until it has been missing for `graceMs`, when it
 * is taken to be a rollback and skipped.
 */
export class GapAwareCursor {
  /** When ids above a value were first seen; a missing id has been missing since the first entry above it. */
  private sightings: Array<{ maxId: number; at: number }> = [];

  constructor(
    private current: number,
    private readonly graceMs: number,
  ) {}

  /** Every id up to here is either released or given up. */
  get position(): number {
    return this.current;
  }

  /** Takes one read of the rows after `position`, in id order. */
  advance<T extends Identified>(rows: readonly T[], now: number): Advance<T> {
    const highest = rows.at(-1)?.id;
    if (highest !== undefined && highest > (this.sightings.at(-1)?.maxId ?? this.current)) {
      this.sightings.push({ maxId: highest, at: now });
    }
    const released: T[] = [];
    let retryAt: number | null = null;
    let givenUp = 0;
    for (const row of rows) {
      if (row.id <= this.current) continue;
      if (row.id !== this.current + 1) {
        const deadline = this.missingSince(this.current + 1, now) + this.graceMs;
        if (now < deadline) {
          retryAt = deadline;
          break;
        }
        givenUp += row.id - this.current - 1;
      }
      released.push(row);
      this.current = row.id;
    }
    this.sightings = this.sightings.filter((sighting) => sighting.maxId > this.current);
    const held = rows.filter((row) => row.id > this.current).length;
    return { released, held, retryAt, givenUp };
  }

  private missingSince(id: number, now: number): number {
    return this.sightings.find((sighting) => sighting.maxId > id)?.at ?? now;
  }
}
