import type { RoadNetwork } from '../road-network.ts';
import type { JunctionControl, TrafficView } from './types.ts';

/**
 * Priority junctions (SUMO's "priority" type in spirit): every movement has a rank (road priority,
 * then straight/right over left over U-turn, then the lower in-lane id). A vehicle may cross when
 * the box holds no conflicting movement and no higher-ranked conflicting vehicle arrives within
 * the critical gap. The ranking is a strict total order, so yielding can never go in a circle.
 */
export const CRITICAL_GAP_S = 3;

export function movementRanks(net: RoadNetwork): Float64Array {
  const rank = new Float64Array(net.moveCount);
  const turnRank = [3, 2, 1, 0]; // straight, right, left, U-turn
  for (let m = 0; m < net.moveCount; m++) {
    const inLink = net.laneLink[net.moveInLane[m]];
    rank[m] = net.linkPriority[inLink] * 1e9 + turnRank[net.moveTurn[m]] * 1e8 - net.moveInLane[m];
  }
  return rank;
}

/** True if a vehicle about to take a higher-ranked foe of m reaches its stop line within `gapS`. */
export function higherFoeApproaching(view: TrafficView, rank: Float64Array, m: number, gapS: number, mayUse: (foe: number) => boolean): boolean {
  const net = view.net;
  for (let c = net.moveConflictStart[m]; c < net.moveConflictStart[m + 1]; c++) {
    const f = net.moveConflicts[c];
    if (rank[f] <= rank[m] || !mayUse(f)) continue;
    const u = view.firstOnLane(net.moveInLane[f]);
    if (u < 0 || view.nextMove[u] !== f) continue;
    const d = net.laneLength[net.moveInLane[f]] - view.pos[u], s = view.speed[u];
    if (s < 0.5) continue; // waiting at its own line: it will ask, and the box check keeps order
    if (d / s < gapS) return true;
  }
  return false;
}

/** A vehicle waiting this long at its line claims the junction: conflicting traffic lets it go. */
export const CLAIM_AFTER_S = 12;

function waitingAtLine(view: TrafficView, u: number, l: number): boolean {
  return view.speed[u] < 0.1 && view.net.laneLength[l] - view.pos[u] < 2 && view.stoppedS[u] >= CLAIM_AFTER_S;
}

/**
 * Impatience, so that a minor stream never starves: if the front vehicle of a conflicting
 * movement has waited at its line for CLAIM_AFTER_S (longer than v, ties to the lower slot),
 * v holds back as long as it can still stop.
 */
export function foeClaims(view: TrafficView, v: number, m: number, dStop: number, mayUse: (foe: number) => boolean): boolean {
  const net = view.net;
  const speed = view.speed[v];
  if ((speed * speed) / (2 * view.decel[v]) > dStop + 0.5) return false; // committed: cannot stop
  const mine = net.laneLength[net.moveInLane[m]] - view.pos[v] < 2 ? view.stoppedS[v] : 0;
  for (let c = net.moveConflictStart[m]; c < net.moveConflictStart[m + 1]; c++) {
    const f = net.moveConflicts[c];
    if (!mayUse(f)) continue;
    const l = net.moveInLane[f];
    const u = view.firstOnLane(l);
    if (u < 0 || view.nextMove[u] !== f || !waitingAtLine(view, u, l)) continue;
    if (view.stoppedS[u] > mine || (view.stoppedS[u] === mine && u < v)) return true;
  }
  return false;
}

const always = () => true;

export class PriorityControl implements JunctionControl {
  readonly name = 'priority';
  readonly commitEarly = true;
  private readonly rank: Float64Array;
  private yields = 0;

  constructor(net: RoadNetwork) {
    this.rank = movementRanks(net);
  }

  beginStep(): void {}

  mayEnter(view: TrafficView, v: number, m: number, dStop: number): boolean {
    if (view.boxConflicts(m)) return false;
    if (foeClaims(view, v, m, dStop, always)) return false;
    if (higherFoeApproaching(view, this.rank, m, CRITICAL_GAP_S, always)) {
      this.yields++;
      return false;
    }
    return true;
  }

  stats(): Record<string, number> {
    return { yield_steps: this.yields };
  }
}
