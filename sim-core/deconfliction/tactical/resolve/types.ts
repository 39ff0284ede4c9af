import { allocateColumns, type ColumnKey } from '../../../world/columns.ts';
import type { TrafficState } from '../traffic.ts';
import type { DetectionResult, DetectParams } from '../cpa.ts';

/** Per-aircraft resolution commands, filled by a resolver (indices follow the TrafficState). */
export class ResolutionCommands {
  active = new Uint8Array(0);
  /** Commanded horizontal velocity (m/s; NaN: no horizontal command). The tactical phase holds it until the aircraft resumes (resume.ts). */
  vx = new Float64Array(0);
  vy = new Float64Array(0);
  /** Commanded altitude (m); NaN: no vertical command (keep the plan's altitude). */
  alt = new Float64Array(0);

  reset(n: number): void {
    if (this.active.length < n) {
      // Scratch per pass: no values to keep.
      allocateColumns<ResolutionCommands>(this, COMMAND_COLUMNS, Math.max(n, this.active.length * 2));
    }
    this.active.fill(0, 0, n);
    this.vx.fill(0, 0, n);
    this.vy.fill(0, 0, n);
    this.alt.fill(NaN, 0, n);
  }
}

export interface ResolveParams extends DetectParams {
  /** Speed limits per class index (m/s). */
  maxSpeed: number[];
  /** Safety factor on the protected zone (BlueSky's resofach). */
  margin: number;
  /** Right-of-way rank per class index: the lower rank gives way (see rules.ts). */
  priority: number[];
  /** Altitude band a vertical resolution may use, per class index: [lowest, highest] (m). */
  altBand: [number, number][];
  /** Climb and descent rates per class index (m/s): how fast a vertical resolution takes effect. */
  climbMps: number[];
  descentMps: number[];
}

/**
 * A conflict resolution method: from the detection result, decide new horizontal velocities for
 * the aircraft in conflict. To add one: one file implementing this, one line in resolve/index.ts.
 */
export interface Resolver {
  readonly name: string;
  resolve(s: TrafficState, d: DetectionResult, p: ResolveParams, out: ResolutionCommands): void;
}

const COMMAND_COLUMNS = ['active', 'vx', 'vy', 'alt'] as const satisfies readonly ColumnKey<ResolutionCommands>[];
