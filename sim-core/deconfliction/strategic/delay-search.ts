import type { ReservationIndex } from './reservation-grid.ts';
import type { VolumeList } from './volumes.ts';

/**
 * Ground delay in one pass (interval arithmetic, as SIPP does for safe intervals). A plan's
 * volumes keep their shape when its departure moves: only their time windows shift. So every
 * accepted volume that meets one of the plan's volumes in space and altitude blocks one interval
 * of departure ticks, found with a single query over the whole delay window; the earliest
 * departure on the delay-step grid outside every blocked interval, with a pad free, is the
 * answer. On that grid it accepts exactly the departure the step-by-step search accepts (same
 * overlap predicate, same steps, same order).
 */

/**
 * The departure ticks (absolute) that accepted volumes forbid to `trip`'s volumes `rel`, as
 * closed integer intervals [lo, hi], merged and sorted. `from`..`to` is the departure window searched.
 */
export function blockedDepartures(store: ReservationIndex, trip: number, rel: VolumeList, from: number, to: number): Int32Array {
  const spans: number[] = [];
  for (let i = 0; i < rel.n; i++) store.blockedSpans(trip, rel, i, from, to, spans);
  return mergeIntervals(spans);
}

/** Sorts and merges closed integer intervals given as flat [lo, hi] pairs. */
export function mergeIntervals(flat: number[]): Int32Array {
  const n = flat.length / 2;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => flat[2 * a] - flat[2 * b] || flat[2 * a + 1] - flat[2 * b + 1] || a - b);
  const out: number[] = [];
  for (const i of order) {
    const lo = flat[2 * i], hi = flat[2 * i + 1];
    if (out.length && lo <= out[out.length - 1] + 1) out[out.length - 1] = Math.max(out[out.length - 1], hi);
    else out.push(lo, hi);
  }
  return Int32Array.from(out);
}

/**
 * The first departure `start + m·step` (m = first..last) outside every blocked interval for which
 * `padFree(d)` holds, or −1.
 */
export function earliestFree(blocked: Int32Array, start: number, step: number, first: number, last: number, padFree: (d: number) => boolean): number {
  let b = 0;
  for (let m = first; m <= last; m++) {
    const d = start + m * step;
    while (b < blocked.length && blocked[b + 1] < d) b += 2;
    if (b < blocked.length && blocked[b] <= d) continue;
    if (padFree(d)) return d;
  }
  return -1;
}
