import type { World } from '../world/world.ts';
import { exponential, type RngStreams, type Uniform } from '../world/rng.ts';

/**
 * Trip generation: each flow is a non-homogeneous Poisson process whose rate follows the
 * scenario's 24-hour profile, sampled by thinning (Lewis & Shedler). Every flow draws from its
 * own named stream, so adding a flow never changes another flow's trips.
 */
export class DemandGenerator {
  /** Next trip time per flow, in seconds since the run started (Infinity: no more trips). */
  readonly nextTimeS: Float64Array;
  private readonly streams: Uniform[];
  private readonly maxRate: Float64Array;
  private readonly profileMax: number;

  constructor(private readonly world: World, rng: RngStreams) {
    const flows = world.flows;
    this.profileMax = Math.max(...world.profile);
    this.nextTimeS = new Float64Array(flows.length);
    this.maxRate = new Float64Array(flows.length);
    this.streams = flows.map((f, i) => rng.stream(`demand:${i}:${f.name}`));
    for (let i = 0; i < flows.length; i++) {
      this.maxRate[i] = flows[i].ratePerS * this.profileMax;
      this.nextTimeS[i] = this.draw(i, 0);
    }
  }

  /** Profile weight at `t` seconds after the start. */
  private weightAt(t: number): number {
    const hour = Math.floor((this.world.startTimeS + t) / 3600) % 24;
    return this.world.profile[hour];
  }

  /** Next accepted event time after `t` for flow `i`. */
  private draw(i: number, t: number): number {
    const lambdaMax = this.maxRate[i];
    if (!(lambdaMax > 0)) return Infinity;
    const u = this.streams[i];
    // Thinning: candidates at the peak rate, each kept with probability weight / peak weight.
    for (let guard = 0; guard < 1_000_000; guard++) {
      t += exponential(u, lambdaMax);
      if (u() * this.profileMax <= this.weightAt(t)) return t;
    }
    return Infinity;
  }

  /** Advances flow `i` past its current trip. */
  consume(i: number): void {
    this.nextTimeS[i] = this.draw(i, this.nextTimeS[i]);
  }
}
