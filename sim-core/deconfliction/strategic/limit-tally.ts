import type { VertiportStats } from '../../metrics/vertiport-stats.ts';

/**
 * What stopped a plan from leaving when requested, by what blocked the request-time departure of
 * its preferred route: the destination's pads, accepted volumes near the origin (`departure`,
 * within the planner's hub radius) or the destination (`arrival`), or elsewhere (`en_route`).
 */
export type BlockReason = 'pad' | 'departure' | 'arrival' | 'en_route';
/** A rejection's reason: a block, or a battery that cannot fly the trip with its reserve left. */
export type RejectReason = BlockReason | 'charge';

type Delays = Record<BlockReason, { trips: number; delay_s: number }>;
const noRejections = (): Record<RejectReason, number> => ({ pad: 0, departure: 0, arrival: 0, en_route: 0, charge: 0 });
const noDelays = (): Delays => ({ pad: { trips: 0, delay_s: 0 }, departure: { trips: 0, delay_s: 0 }, arrival: { trips: 0, delay_s: 0 }, en_route: { trips: 0, delay_s: 0 } });

/**
 * The planner's capacity bookkeeping: rejections (trips) and delays (trips and total delay, s) by
 * reason, in total and per aircraft class, and, when the engine asks for them, per vertiport
 * (metrics/vertiport-stats.ts). Per class because the limits differ: on Alatau ×1 over a day 40 %
 * of eVTOL requests are rejected, mostly by departure airspace at one-lane vertiports and by pads
 * held while charging, against 0.4 % of drone requests.
 */
export class LimitTally {
  readonly rejections = noRejections();
  readonly delays = noDelays();
  readonly byClass: { rejections: Record<RejectReason, number>; delays: Delays }[];
  /** Where the engine wants the same tallies by vertiport; none when the planner runs alone. */
  vertiports: VertiportStats | null = null;

  constructor(classes: number) {
    this.byClass = Array.from({ length: classes }, () => ({ rejections: noRejections(), delays: noDelays() }));
  }

  /** A plan is being made for a trip from vertiport `from` to `to` (−1: not a vertiport). */
  requested(from: number, to: number): void {
    const v = this.vertiports;
    if (!v) return;
    if (from >= 0) v.departuresRequested[from]++;
    if (to >= 0) v.arrivalsRequested[to]++;
  }

  /** Rejected (`no route`: the policy had none, counted per vertiport only). */
  rejected(cls: number, from: number, to: number, reason: RejectReason | 'no route'): void {
    if (reason !== 'no route') {
      this.rejections[reason]++;
      this.byClass[cls].rejections[reason]++;
    }
    this.chargeToVertiport(from, to, reason, true, 0);
  }

  /** Accepted with a ground delay of `delayS` seconds. */
  delayed(cls: number, from: number, to: number, reason: BlockReason, delayS: number): void {
    for (const d of [this.delays[reason], this.byClass[cls].delays[reason]]) {
      d.trips++;
      d.delay_s += delayS;
    }
    this.chargeToVertiport(from, to, reason, false, delayS);
  }

  /**
   * Per vertiport: the origin's departure rejected or delayed, and the limit charged to the
   * vertiport the reason points at: `departure` to the origin, `arrival` and `pad` to the
   * destination (other reasons, and delivery addresses, to none).
   */
  private chargeToVertiport(from: number, to: number, reason: RejectReason | 'no route', rejected: boolean, delayS: number): void {
    const v = this.vertiports;
    if (!v) return;
    if (from >= 0) {
      if (rejected) v.departuresRejected[from]++;
      else { v.departuresDelayed[from]++; v.departureDelayS[from] += delayS; }
    }
    if (reason === 'departure' && from >= 0) v.limitedByDeparture[from]++;
    else if (reason === 'arrival' && to >= 0) v.limitedByArrival[to]++;
    else if (reason === 'pad' && to >= 0) v.limitedByPads[to]++;
  }
}
