/** Simulated seconds between two timeline samples (a day gives 288 points per series). */
export const TIMELINE_INTERVAL_S = 300;

/**
 * The run's timeline: network-wide pad occupancy, holding queue and airborne aircraft, sampled
 * every TIMELINE_INTERVAL_S of simulated time (read-only: the state hash does not see it). The
 * experiment report plots these over the day. Filled by engine/systems/timeline.ts.
 */
export class Timeline {
  readonly t_s: number[] = [];
  readonly pads_busy: number[] = [];
  readonly pad_queue: number[] = [];
  readonly airborne_drone: number[] = [];
  readonly airborne_evtol: number[] = [];
}

