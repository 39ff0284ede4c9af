import { WP_STRIDE, WP_X, WP_Y, WP_Z } from '../../routing/waypoints.ts';
import { resized } from '../../world/columns.ts';
import type { IntentParams, Volume } from './intents.ts';

/**
 * An operational intent's 4D volumes packed in one Float64Array, VOL_STRIDE numbers per volume
 * (no object per volume): the centre line a→b, the altitude band [zlo, zhi) and the time window
 * [t0, t1) in ticks. The horizontal buffer (half rpz each side) is implied, so the bounding box is
 * computed where needed. One list is reused for every plan the planner builds.
 */
export const VOL_STRIDE = 8;
export const V_AX = 0, V_AY = 1, V_BX = 2, V_BY = 3, V_ZLO = 4, V_ZHI = 5, V_T0 = 6, V_T1 = 7;

export class VolumeList {
  n = 0;
  data = new Float64Array(64 * VOL_STRIDE);
  /** Changes whenever the list changes, so an index may cache what it looked up for it. */
  version = 0;
  /** The index's lookups for this list (valid while `version` is unchanged); opaque here. */
  lookups: { owner: object; version: number; first: Int32Array; count: Int32Array; refs: unknown[]; refsN: number } | null = null;

  clear(): void {
    this.n = 0;
    this.version++;
  }

  push(ax: number, ay: number, bx: number, by: number, zlo: number, zhi: number, t0: number, t1: number): void {
    if ((this.n + 1) * VOL_STRIDE > this.data.length) this.data = resized(this.data, this.data.length * 2);
    this.version++;
    const o = this.n++ * VOL_STRIDE, d = this.data;
    d[o + V_AX] = ax; d[o + V_AY] = ay; d[o + V_BX] = bx; d[o + V_BY] = by;
    d[o + V_ZLO] = zlo; d[o + V_ZHI] = zhi; d[o + V_T0] = t0; d[o + V_T1] = t1;
  }

  /** The volumes shifted `shift` ticks later, as a compact array of their own (an accepted intent). */
  copyShifted(shift: number): Float64Array {
    const out = this.data.slice(0, this.n * VOL_STRIDE);
    for (let o = 0; o < out.length; o += VOL_STRIDE) {
      out[o + V_T0] += shift;
      out[o + V_T1] += shift;
    }
    return out;
  }
}

/**
 * Turns a route with expected waypoint times into volumes departing at `departTick`, appended to
 * `out`. Volumes cover take-off to touchdown in pieces of at most `pieceS` seconds, except pieces
 * lying wholly inside a vertiport terminal area (`terminals`: x, y, radius triples), which the
 * vertiport's pad schedule separates instead. Each window is widened by the time buffer plus the
 * uncertainty that grows along the plan.
 */
export function buildVolumes(out: VolumeList, route: ArrayLike<number>, times: Float64Array, departTick: number, p: IntentParams, terminals: readonly number[] = []): void {
  const n = route.length / WP_STRIDE;
  const halfH = p.hpz / 2;
  for (let i = 1; i < n; i++) {
    const a = (i - 1) * WP_STRIDE, b = i * WP_STRIDE;
    const span = times[i] - times[i - 1];
    if (span <= 0) continue;
    const pieces = Math.max(1, Math.ceil(span / p.pieceS));
    for (let k = 0; k < pieces; k++) {
      const f0 = k / pieces, f1 = (k + 1) / pieces;
      const ax = route[a + WP_X] + (route[b + WP_X] - route[a + WP_X]) * f0, ay = route[a + WP_Y] + (route[b + WP_Y] - route[a + WP_Y]) * f0;
      const bx = route[a + WP_X] + (route[b + WP_X] - route[a + WP_X]) * f1, by = route[a + WP_Y] + (route[b + WP_Y] - route[a + WP_Y]) * f1;
      const za = route[a + WP_Z] + (route[b + WP_Z] - route[a + WP_Z]) * f0, zb = route[a + WP_Z] + (route[b + WP_Z] - route[a + WP_Z]) * f1;
      if (inTerminal(terminals, ax, ay) && inTerminal(terminals, bx, by)) continue;
      const ta = times[i - 1] + span * f0, tb = times[i - 1] + span * f1;
      const early = p.bufferS + p.growth * ta, late = p.bufferS + p.growth * tb;
      out.push(ax, ay, bx, by, Math.min(za, zb) - halfH, Math.max(za, zb) + halfH,
        departTick + Math.floor((ta - early) / p.dt), departTick + Math.ceil((tb + late) / p.dt));
    }
  }
}

function inTerminal(terminals: readonly number[], x: number, y: number): boolean {
  for (let i = 0; i < terminals.length; i += 3) {
    // Squared distances decide all but a hair's breadth from the circle, where Math.hypot (slow,
    // but the answer the plans were made with) settles it.
    const dx = x - terminals[i], dy = y - terminals[i + 1], d2 = dx * dx + dy * dy, r2 = terminals[i + 2] * terminals[i + 2];
    if (d2 < r2 * (1 - 1e-9)) return true;
    if (d2 <= r2 * (1 + 1e-9) && Math.hypot(dx, dy) <= terminals[i + 2]) return true;
  }
  return false;
}

/** Volume objects (for the independent checker and tests; the planner never builds them). */
export function toVolumes(trip: number, data: Float64Array, rpz: number): Volume[] {
  const halfR = rpz / 2, out: Volume[] = [];
  for (let o = 0; o < data.length; o += VOL_STRIDE) {
    const ax = data[o + V_AX], ay = data[o + V_AY], bx = data[o + V_BX], by = data[o + V_BY];
    out.push({
      trip, ax, ay, bx, by, zlo: data[o + V_ZLO], zhi: data[o + V_ZHI], t0: data[o + V_T0], t1: data[o + V_T1],
      minX: Math.min(ax, bx) - halfR, minY: Math.min(ay, by) - halfR, maxX: Math.max(ax, bx) + halfR, maxY: Math.max(ay, by) + halfR,
    });
  }
  return out;
}
