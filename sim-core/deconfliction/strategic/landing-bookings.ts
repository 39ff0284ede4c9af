import type { Vertiport } from '../../world/world.ts';
import { PadBook } from './intents.ts';

/**
 * A plan's bookings at its destination vertiport, in ticks relative to its departure: a pad from
 * the top of descent (where the engine claims it) to the end of its stay after touchdown, and,
 * when the vertiport has charging stands and the aircraft must charge, a stand from the end of
 * the turnaround to the end of the charge. Both are widened by the plan's time uncertainty at
 * landing (`buf`). A stand window with standTo ≤ standFrom means no stand.
 */
export interface LandingWindows {
  padFrom: number;
  padTo: number;
  standFrom: number;
  standTo: number;
}

/** The planner's pad and stand bookings per vertiport (stands: scenario `stands`, charging off the pads). */
export class LandingBookings {
  readonly pads: PadBook;
  readonly stands: PadBook;

  constructor(vertiports: readonly Vertiport[], keepHistory: boolean) {
    this.pads = new PadBook(vertiports.map((v) => v.pads), keepHistory);
    this.stands = new PadBook(vertiports.map((v) => v.stands), keepHistory);
  }

  /**
   * The windows for landing at `v` `land` ticks after a departure at 0 (top of descent at
   * `topOfDescent`), charging for `chargeTicks` (0: none), give or take `buf` ticks. Without
   * stands the aircraft charges on its pad, which it keeps for the longer of turnaround and charge.
   */
  static windows(v: Vertiport, topOfDescent: number, land: number, chargeTicks: number, buf: number): LandingWindows {
    const onStand = v.stands > 0 && chargeTicks > 0;
    const padStay = onStand ? v.turnaroundTicks : Math.max(v.turnaroundTicks, chargeTicks);
    const free = land + v.turnaroundTicks;
    return { padFrom: topOfDescent - buf, padTo: land + padStay + buf, standFrom: onStand ? free - buf : 0, standTo: onStand ? free + chargeTicks + buf : 0 };
  }

  /**
   * 0 when a pad (and a stand, if the windows need one) of vertiport `v` is free for a departure
   * at `depart`; else how many ticks later one first could be (the pad's wait first: a departure
   * before it certainly does not fit).
   */
  wait(v: number, depart: number, w: LandingWindows): number {
    const padWait = this.pads.nextFreeShift(v, depart + w.padFrom, depart + w.padTo);
    if (padWait > 0 || w.standTo <= w.standFrom) return padWait;
    return this.stands.nextFreeShift(v, depart + w.standFrom, depart + w.standTo);
  }

  /** Is there a free pad (and stand) for a departure at `depart`? */
  free(v: number, depart: number, w: LandingWindows): boolean {
    if (this.pads.findFree(v, depart + w.padFrom, depart + w.padTo) < 0) return false;
    return w.standTo <= w.standFrom || this.stands.findFree(v, depart + w.standFrom, depart + w.standTo) >= 0;
  }

  /** Is a departure at `depart` held back by the stands alone (a pad is free, no stand is)? */
  standsOnlyBlock(v: number, depart: number, w: LandingWindows): boolean {
    return w.standTo > w.standFrom && this.pads.findFree(v, depart + w.padFrom, depart + w.padTo) >= 0 && this.stands.findFree(v, depart + w.standFrom, depart + w.standTo) < 0;
  }

  /** Books the first free pad (and stand) for a departure at `depart`. */
  book(v: number, depart: number, w: LandingWindows): void {
    const from = depart + w.padFrom, to = depart + w.padTo;
    this.pads.book(v, this.pads.findFree(v, from, to), from, to);
    if (w.standTo > w.standFrom) {
      const sf = depart + w.standFrom, st = depart + w.standTo;
      this.stands.book(v, this.stands.findFree(v, sf, st), sf, st);
    }
  }

  expire(tick: number): void {
    this.pads.expire(tick);
    this.stands.expire(tick);
  }
}
