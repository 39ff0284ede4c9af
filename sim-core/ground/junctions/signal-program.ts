import type { RoadNetwork } from '../road-network.ts';
import { CRITICAL_GAP_S, foeClaims, higherFoeApproaching, movementRanks } from './priority.ts';
import { cannotStop, type JunctionControl, type TrafficView } from './types.ts';

/**
 * The network's own signal programs (SUMO's static `tlLogic`, imported with the network): each
 * controlled movement reads its letter in the current phase's state string. `G` has priority
 * (goes when its box is clear), `g` is a permitted minor green (yields to conflicting traffic
 * with `G` and to higher-ranked `g`, e.g. a permissive left turn), `y`/`Y` go only if they cannot
 * stop (braking up to twice the comfortable rate), `r`/`R`/`u`/`s` stop, `o`/`O` (off) drive as
 * priority. Uncontrolled movements use the priority rules. Phase at time t: the one holding
 * (t − offset) mod cycle, as SUMO's static programs with an offset.
 */
const YELLOW_BRAKE_FACTOR = 2;
/** Letters: 3 priority green, 2 minor green, 1 yellow, 0 red, 4 off (priority rules). */
const LETTER: Record<string, number> = { G: 3, g: 2, y: 1, Y: 1, r: 0, R: 0, u: 0, U: 0, s: 0, S: 0, o: 4, O: 4 };

export class SignalProgramControl implements JunctionControl {
  readonly name = 'from-net';
  readonly commitEarly = true;
  private readonly rank: Float64Array;
  /** Current letter class per movement (3 G, 2 g, 1 y, 0 r, 4 off or unsignalised). */
  private readonly now: Uint8Array;
  /** Phase letters per program as classes: program p's phase i's letters at letterBase[p][i]. */
  private readonly letters: Uint8Array[][];
  private readonly cycle: Float64Array;
  private redStops = 0;
  private yields = 0;
  private readonly always = () => true;
  /** A foe with priority over a `g` movement: its own green is `G`. */
  private readonly greenFoe = (f: number) => this.now[f] === 3 || this.now[f] === 2;

  constructor(private readonly net: RoadNetwork) {
    this.rank = movementRanks(net);
    this.now = new Uint8Array(net.moveCount).fill(4);
    this.letters = net.signals.map((p) => p.phases.map((ph) => Uint8Array.from(ph.state, (c) => LETTER[c] ?? 4)));
    this.cycle = Float64Array.from(net.signals, (p) => p.phases.reduce((a, ph) => a + ph.duration, 0));
  }

  /** Phase index of program p at time t. */
  phaseAt(p: number, t: number): number {
    const prog = this.net.signals[p], cyc = this.cycle[p];
    let c = (t - prog.offset) % cyc;
    if (c < 0) c += cyc;
    for (let i = 0; i < prog.phases.length; i++) {
      if (c < prog.phases[i].duration) return i;
      c -= prog.phases[i].duration;
    }
    return prog.phases.length - 1;
  }

  beginStep(view: TrafficView): void {
    const net = this.net;
    const phase = Int32Array.from(net.signals, (_, p) => this.phaseAt(p, view.time));
    for (let m = 0; m < net.moveCount; m++) {
      const p = net.moveSignalProgram[m];
      this.now[m] = p < 0 ? 4 : this.letters[p][phase[p]][net.moveSignalIndex[m]];
    }
  }

  mayEnter(view: TrafficView, v: number, m: number, dStop: number): boolean {
    const s = this.now[m];
    if (s === 0 || (s === 1 && !cannotStop(view, v, dStop, YELLOW_BRAKE_FACTOR))) {
      this.redStops++;
      return false;
    }
    if (view.boxConflicts(m)) return false;
    if (s === 4) {
      if (foeClaims(view, v, m, dStop, this.always)) return false;
      if (higherFoeApproaching(view, this.rank, m, CRITICAL_GAP_S, this.always)) { this.yields++; return false; }
      return true;
    }
    if (s === 3 || s === 1) return true;
    // Minor green: yield to conflicting G traffic, and to higher-ranked g traffic.
    if (this.priorityFoeApproaching(view, m)) { this.yields++; return false; }
    return !higherFoeApproaching(view, this.rank, m, CRITICAL_GAP_S, this.greenFoe);
  }

  /** A vehicle about to take a conflicting `G` movement reaches its line within the critical gap. */
  private priorityFoeApproaching(view: TrafficView, m: number): boolean {
    const net = this.net;
    for (let c = net.moveConflictStart[m]; c < net.moveConflictStart[m + 1]; c++) {
      const f = net.moveConflicts[c];
      if (this.now[f] !== 3) continue;
      const u = view.firstOnLane(net.moveInLane[f]);
      if (u < 0 || view.nextMove[u] !== f) continue;
      const d = net.laneLength[net.moveInLane[f]] - view.pos[u], sp = view.speed[u];
      if (d / Math.max(sp, 0.5) < CRITICAL_GAP_S) return true;
    }
    return false;
  }

  stats(): Record<string, number> {
    return { held_by_signal_steps: this.redStops, yield_steps: this.yields, programs: this.net.signals.length };
  }
}
