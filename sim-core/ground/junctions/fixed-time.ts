import type { RoadNetwork } from '../road-network.ts';
import { CRITICAL_GAP_S, foeClaims, higherFoeApproaching, movementRanks } from './priority.ts';
import { cannotStop, type JunctionControl, type TrafficView } from './types.ts';

/**
 * Fixed-time signals: two stages per junction, east–west approaches then north–south (by the
 * in-link's heading), each `green_s` green, `yellow_s` yellow and `allRed_s` all red. Within a
 * green, left turns are permissive and yield to oncoming traffic (the priority rule among the
 * green movements). On yellow a vehicle goes only if it cannot stop comfortably. Junctions with
 * fewer than three roads are left uncontrolled (plain priority).
 */
export interface SignalTiming {
  green_s: number;
  yellow_s: number;
  allRed_s: number;
  /** Offset of junction j's cycle (s): 0 for all, or a green wave. */
  offset?: (j: number) => number;
}

/** Facing a yellow it cannot clear, a driver brakes up to this multiple of comfortable deceleration. */
const YELLOW_BRAKE_FACTOR = 2;

export const DEFAULT_SIGNAL_TIMING: SignalTiming = { green_s: 27, yellow_s: 3, allRed_s: 2 };

export class FixedTimeControl implements JunctionControl {
  readonly name = 'fixed-time';
  readonly commitEarly = true;
  private readonly rank: Float64Array;
  /** Stage of each in-link: 0 east–west, 1 north–south; −1 unsignalised junction. */
  private readonly linkStage: Int8Array;
  private readonly cycle: number;
  private readonly offsets: Float64Array;
  /** Per junction at the current step: 0 red, 1 yellow, 2 green for stage 0, the same for stage 1. */
  private readonly state: Uint8Array;
  private redStops = 0;
  /** Bound once: called per foe inside the tick, so no closure per call. */
  private readonly isGreen = (f: number) => this.stageState(f) === 2;

  constructor(private readonly net: RoadNetwork, private readonly timing: SignalTiming = DEFAULT_SIGNAL_TIMING) {
    this.rank = movementRanks(net);
    this.linkStage = new Int8Array(net.linkCount).fill(-1);
    for (let j = 0; j < net.nodeCount; j++) {
      const roads = net.junctionInStart[j + 1] - net.junctionInStart[j];
      if (roads < 3) continue;
      for (let q = net.junctionInStart[j]; q < net.junctionInStart[j + 1]; q++) {
        const k = net.junctionIn[q];
        this.linkStage[k] = Math.abs(net.linkDirX[k]) >= Math.abs(net.linkDirY[k]) ? 0 : 1;
      }
    }
    this.cycle = 2 * (timing.green_s + timing.yellow_s + timing.allRed_s);
    this.offsets = Float64Array.from({ length: net.nodeCount }, (_, j) => timing.offset?.(j) ?? 0);
    this.state = new Uint8Array(net.nodeCount * 2);
  }

  /** Signal state of stage `stage` at junction j at time t: 2 green, 1 yellow, 0 red. */
  signalAt(j: number, stage: number, t: number): number {
    const { green_s: g, yellow_s: y, allRed_s: r } = this.timing;
    const half = g + y + r;
    let c = (t - this.offsets[j]) % this.cycle;
    if (c < 0) c += this.cycle;
    const local = stage === 0 ? c : (c - half + this.cycle) % this.cycle;
    return local < g ? 2 : local < g + y ? 1 : 0;
  }

  beginStep(view: TrafficView): void {
    for (let j = 0; j < this.net.nodeCount; j++) {
      this.state[j * 2] = this.signalAt(j, 0, view.time);
      this.state[j * 2 + 1] = this.signalAt(j, 1, view.time);
    }
  }

  /** Stage state for the in-link of movement m: 2 green (or unsignalised), 1 yellow, 0 red. */
  private stageState(m: number): number {
    const k = this.net.laneLink[this.net.moveInLane[m]];
    const stage = this.linkStage[k];
    return stage < 0 ? 2 : this.state[this.net.moveJunction[m] * 2 + stage];
  }

  /** Seconds until the end of the yellow of junction j's stage (0 if red now). */
  private goTimeLeft(j: number, stage: number, t: number): number {
    const { green_s: g, yellow_s: y, allRed_s: r } = this.timing;
    let c = (t - this.offsets[j]) % this.cycle;
    if (c < 0) c += this.cycle;
    const local = stage === 0 ? c : (c - (g + y + r) + this.cycle) % this.cycle;
    return local < g + y ? g + y - local : 0;
  }

  mayEnter(view: TrafficView, v: number, m: number, dStop: number, commit: boolean): boolean {
    const s = this.stageState(m);
    if (s === 0 || (s === 1 && !cannotStop(view, v, dStop, YELLOW_BRAKE_FACTOR))) {
      this.redStops++;
      return false;
    }
    if (commit && s > 0) {
      // Commit only if the line is reached before the yellow ends (at the turn speed if slower).
      const k = this.net.laneLink[this.net.moveInLane[m]];
      const stage = this.linkStage[k];
      if (stage >= 0) {
        const speed = view.speed[v], vm = this.net.moveSpeed[m];
        const eta = dStop / Math.max(1, 0.5 * (speed + Math.min(speed, vm)));
        if (eta > this.goTimeLeft(this.net.moveJunction[m], stage, view.time) - 0.5 && !cannotStop(view, v, dStop, YELLOW_BRAKE_FACTOR)) {
          this.redStops++;
          return false;
        }
      }
    }
    if (view.boxConflicts(m)) return false;
    if (foeClaims(view, v, m, dStop, this.isGreen)) return false;
    // Permissive turns yield to higher-ranked movements that also have a green.
    return !higherFoeApproaching(view, this.rank, m, CRITICAL_GAP_S, this.isGreen);
  }

  stats(): Record<string, number> {
    return { held_by_signal_steps: this.redStops, cycle_s: this.cycle };
  }
}
