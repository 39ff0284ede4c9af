/**
 * Per-vertiport tallies: where a network's capacity runs out. The class figures say how many
 * trips were rejected or delayed and why; these say at which vertiport. Strategic planning fills
 * the request side (departures and arrivals asked for, and which vertiport's airspace or pads
 * blocked them), the engine the operations side (landings, holds for a pad, pads busy at the
 * timeline's samples). Read-only like the timeline: the state hash does not see them. Columns
 * only: which vertiport a rejection or delay is charged to is decided with the reasons
 * (deconfliction/strategic/limit-tally.ts).
 */
export class VertiportStats {
  /** Air trips asked to leave from / land at the vertiport (strategic plans; ground shuttles excluded). */
  readonly departuresRequested: Float64Array;
  readonly arrivalsRequested: Float64Array;
  /** Of the departures asked for: rejected, given a ground delay, and their total delay (s). */
  readonly departuresRejected: Float64Array;
  readonly departuresDelayed: Float64Array;
  readonly departureDelayS: Float64Array;
  /**
   * Plans rejected or delayed because of this vertiport, by the reason the planner gave
   * (planner.ts blockReason): accepted volumes within 2 km of it as the origin (`departure`) or
   * the destination (`arrival`), or its pads and stands (`pad`, the destination's bookings).
   */
  readonly limitedByDeparture: Float64Array;
  readonly limitedByArrival: Float64Array;
  readonly limitedByPads: Float64Array;
  /** Aircraft that landed here, that held above it for a pad, and the seconds they held. */
  readonly landings: Float64Array;
  readonly padHolds: Float64Array;
  readonly padHoldS: Float64Array;
  /** Charges on a stand (scenario `stands`), and charges that found every stand taken and stayed on the pad. */
  readonly standCharges: Float64Array;
  readonly standOverflows: Float64Array;
  /** Pads busy summed over the timeline's samples (their count is the timeline's), and the most busy at one sample. */
  readonly padsBusySum: Float64Array;
  readonly padsBusyPeak: Float64Array;

  constructor(count: number) {
    const col = () => new Float64Array(count);
    this.departuresRequested = col(); this.arrivalsRequested = col();
    this.departuresRejected = col(); this.departuresDelayed = col(); this.departureDelayS = col();
    this.limitedByDeparture = col(); this.limitedByArrival = col(); this.limitedByPads = col();
    this.landings = col(); this.padHolds = col(); this.padHoldS = col();
    this.padsBusySum = col(); this.padsBusyPeak = col();
    this.standCharges = col(); this.standOverflows = col();
  }
}
