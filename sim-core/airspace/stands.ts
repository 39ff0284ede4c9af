import type { Vertiport } from '../world/world.ts';
import { flatRanges } from './pads.ts';

/**
 * Charging stands per vertiport (scenario `stands`): where an aircraft charges after its pad
 * turnaround, so that the pad is free for the next landing. A stand is taken for a known span
 * (the charge), so it needs no queue: an aircraft that finds none free charges on its pad instead
 * (systems/arrivals.ts). With strategic deconfliction on, the planner books stands like pads, so
 * one is free whenever a plan is flown as booked.
 */
export class StandManager {
  /** Per stand (flattened over vertiports): the tick from which it is free. */
  private readonly freeFrom: Int32Array;
  private readonly first: Int32Array;
  private readonly count: Int32Array;

  constructor(vertiports: readonly Vertiport[]) {
    const r = flatRanges(vertiports.map((v) => v.stands));
    this.first = r.first;
    this.count = r.count;
    this.freeFrom = new Int32Array(r.total);
  }

  /** Takes a stand of vertiport `v` free at `from` until `until`; false when none is free. */
  take(v: number, from: number, until: number): boolean {
    for (let k = this.first[v]; k < this.first[v] + this.count[v]; k++) {
      if (this.freeFrom[k] <= from) {
        this.freeFrom[k] = until;
        return true;
      }
    }
    return false;
  }
}
