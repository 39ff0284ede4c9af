import type { CarFollowingModel } from './car-following/types.ts';
import type { TrafficView } from './junctions/types.ts';

/**
 * The columns of the lane-level traffic that its helpers (lane changes, collision checks) read and
 * write, as GroundTraffic (traffic.ts) holds them. A separate interface so the helpers do not
 * import the class that uses them.
 */
export interface LaneTraffic extends TrafficView {
  /** Vehicles on each lane, front first. */
  readonly laneQ: number[][];
  readonly lane: Int32Array;
  /** Movement whose box the vehicle is committed to or inside, −1 otherwise. */
  readonly boxMove: Int32Array;
  /** Vehicles committed to or inside a junction box. */
  readonly inBox: number[];
  readonly models: CarFollowingModel[];
  /** Vehicle type (index into models) of each vehicle. */
  readonly type: Int32Array;
  /** Each vehicle's route: links in routeBuf[routeOff .. routeOff + routeLen), routeIdx the current one. */
  readonly routeBuf: Int32Array;
  readonly routeOff: Int32Array;
  readonly routeLen: Int32Array;
  readonly routeIdx: Int32Array;
  readonly stepIndex: number;
  readonly stats: { lane_changes: number };
}

/**
 * `nextMove` of a vehicle whose lane has no movement onto its route's next link (an imported
 * network's connections: e.g. a left turn only from the leftmost lane). It must change lanes and
 * waits at the stop line until it can.
 */
export const WRONG_LANE = -2;

/** The movement vehicle v takes from lane l toward its route's next link: −1 on its last link, WRONG_LANE if l cannot reach it. */
export function nextMoveFrom(t: LaneTraffic, v: number, l: number): number {
  const ri = t.routeIdx[v];
  if (ri + 1 >= t.routeLen[v]) return -1;
  const m = t.net.moveTo(l, t.routeBuf[t.routeOff[v] + ri + 1]);
  return m >= 0 ? m : WRONG_LANE;
}
