import type { Replay } from '../../sim-core/replay/index.ts';
import { EVENT_CONFLICT, EVENT_GEOFENCE_ROUTE, EVENT_HOLD_END, EVENT_HOLD_START, EVENT_LOS } from '../../sim-core/replay/index.ts';

/** Figures precomputed once per replay: time series, corridor segment entries, event lists. */
export interface Analysis {
  /** Per frame and class (the replay's classes): airborne aircraft, or ground vehicles alive. */
  frameTimeS: Float64Array;
  airborne: Float64Array[];
  /** Per minute since the start. */
  minuteS: Float64Array;
  conflictsPerMin: Float64Array;
  losPerMin: Float64Array;
  meanHoldDelayS: Float64Array;
  /** Per corridor, per segment: ticks at which an aircraft entered the segment (ascending). */
  segmentEntries: Int32Array[][];
  notable: { tick: number; kind: number; agent: number; other: number; value: number }[];
}

const AIRBORNE_M = 0.5;

/** `ground`: the index of the ground class (ClassStyle.ground), −1 when the replay has none. */
export function analyse(r: Replay, ground: number): Analysis {
  const q = r.header.positionQuantumM;
  const F = r.frameCount;
  const frameTimeS = new Float64Array(F);
  const airborne = Array.from({ length: r.layers.classes.length }, () => new Float64Array(F));
  for (let f = 0; f < F; f++) {
    frameTimeS[f] = r.frameTick(f) * r.header.dt;
    const n = r.frameAgentCount(f);
    const ids = r.frameIds(f), zs = r.frameZ(f);
    for (let k = 0; k < n; k++) {
      const c = r.agents.cls[r.i32[ids + k]];
      if (c === ground || r.u16[zs + k] * q > AIRBORNE_M) airborne[c][f]++;
    }
  }

  const minutes = Math.max(1, Math.ceil((r.header.totalTicks * r.header.dt) / 60));
  const minuteS = Float64Array.from({ length: minutes }, (_, i) => i * 60);
  const conflictsPerMin = new Float64Array(minutes);
  const losPerMin = new Float64Array(minutes);
  const holdSum = new Float64Array(minutes);
  const holdN = new Float64Array(minutes);
  const notable: Analysis['notable'] = [];
  for (let i = 0; i < r.eventCount; i++) {
    const e = r.event(i);
    const m = Math.min(minutes - 1, Math.floor((e.tick * r.header.dt) / 60));
    if (e.kind === EVENT_CONFLICT) conflictsPerMin[m]++;
    if (e.kind === EVENT_LOS) losPerMin[m]++;
    if (e.kind === EVENT_HOLD_END) {
      holdSum[m] += e.value;
      holdN[m]++;
    }
    if (e.kind === EVENT_CONFLICT || e.kind === EVENT_LOS || e.kind === EVENT_HOLD_START || e.kind === EVENT_GEOFENCE_ROUTE) notable.push(e);
  }
  const meanHoldDelayS = holdSum.map((s, i) => (holdN[i] ? s / holdN[i] : 0));
  return { frameTimeS, airborne, minuteS, conflictsPerMin, losPerMin, meanHoldDelayS, segmentEntries: corridorEntries(r), notable };
}

/**
 * For each corridor segment, the ticks at which an aircraft entered it: inside the segment's
 * half-width horizontally and within its altitude band. Frames are subsampled so that at most
 * ~3 M samples are examined (a passage of a few seconds may be missed at high subsampling).
 */
function corridorEntries(r: Replay): Int32Array[][] {
  const corridors = r.layers.corridors;
  const segs: { c: number; s: number; ax: number; ay: number; bx: number; by: number; half: number; lo: number; hi: number }[] = [];
  corridors.forEach((c, ci) => {
    for (let i = 2; i < c.points.length; i += 2) {
      segs.push({ c: ci, s: i / 2 - 1, ax: c.points[i - 2], ay: c.points[i - 1], bx: c.points[i], by: c.points[i + 1], half: c.widthM / 2, lo: c.floorM, hi: c.ceilingM });
    }
  });
  const entries: number[][][] = corridors.map((c) => Array.from({ length: c.points.length / 2 - 1 }, () => []));
  if (segs.length === 0 || r.frameCount === 0) return entries.map((c) => c.map((s) => Int32Array.from(s)));
  let total = 0;
  for (let f = 0; f < r.frameCount; f++) total += r.frameAgentCount(f);
  const stride = Math.max(1, Math.ceil(total / 3_000_000));
  // Last sampled frame index at which each (agent, segment) pair was inside, to count entries once.
  const lastInside = new Map<number, number>();
  const q = r.header.positionQuantumM;
  let sampleNo = 0;
  for (let f = 0; f < r.frameCount; f += stride, sampleNo++) {
    const n = r.frameAgentCount(f);
    const ids = r.frameIds(f), xs = r.frameX(f), ys = r.frameY(f), zs = r.frameZ(f);
    const tick = r.frameTick(f);
    for (let k = 0; k < n; k++) {
      const z = r.u16[zs + k] * q;
      if (z < 1) continue;
      const x = r.i32[xs + k] * q, y = r.i32[ys + k] * q;
      const id = r.i32[ids + k];
      for (let si = 0; si < segs.length; si++) {
        const s = segs[si];
        if (z < s.lo || z > s.hi) continue;
        const dx = s.bx - s.ax, dy = s.by - s.ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - s.ax) * dx + (y - s.ay) * dy) / len2)) : 0;
        const ex = s.ax + t * dx - x, ey = s.ay + t * dy - y;
        if (ex * ex + ey * ey > s.half * s.half) continue;
        const key = id * segs.length + si;
        const prev = lastInside.get(key);
        if (prev === undefined || prev < sampleNo - 1) entries[s.c][s.s].push(tick);
        lastInside.set(key, sampleNo);
      }
    }
  }
  return entries.map((c) => c.map((s) => Int32Array.from(s)));
}

/** Number of entries in (tick − window, tick]. */
export function countInWindow(sorted: Int32Array, tick: number, windowTicks: number): number {
  return upperBound(sorted, tick) - upperBound(sorted, tick - windowTicks);
}

function upperBound(a: Int32Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
