import RBush from 'rbush';
import { WP_STRIDE, WP_X, WP_Y, WP_Z } from '../../routing/waypoints.ts';

/**
 * One 4D volume of an operational intent: a horizontal segment buffered by half the horizontal
 * separation (so two volumes overlap exactly when their centre lines come closer than rpz), an
 * altitude band buffered by half the vertical separation, and a time window [t0, t1) in ticks.
 */
export interface Volume {
  trip: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  zlo: number;
  zhi: number;
  t0: number;
  t1: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface IntentParams {
  rpz: number;
  hpz: number;
  /** Seconds added before and after every volume's time window. */
  bufferS: number;
  /** Extra uncertainty per second of flight (fraction), growing along the plan. */
  growth: number;
  /** Longest flight time one volume covers (s): longer legs are cut into pieces. */
  pieceS: number;
  dt: number;
}

/**
 * Turns a route with expected waypoint times into volumes, departing at `departTick`. Volumes
 * cover take-off to touchdown, except pieces lying wholly inside a vertiport terminal area
 * (`terminals`: x, y, radius triples), which the vertiport's pad schedule separates instead.
 */
export function volumesOf(trip: number, route: ArrayLike<number>, times: Float64Array, departTick: number, p: IntentParams, terminals: number[] = []): Volume[] {
  const inTerminal = (x: number, y: number) => {
    for (let i = 0; i < terminals.length; i += 3) if (Math.hypot(x - terminals[i], y - terminals[i + 1]) <= terminals[i + 2]) return true;
    return false;
  };
  const out: Volume[] = [];
  const n = route.length / WP_STRIDE;
  const halfR = p.rpz / 2, halfH = p.hpz / 2;
  for (let i = 1; i < n; i++) {
    const a = (i - 1) * WP_STRIDE, b = i * WP_STRIDE;
    const span = times[i] - times[i - 1];
    const pieces = Math.max(1, Math.ceil(span / p.pieceS));
    if (span <= 0) continue;
    for (let k = 0; k < pieces; k++) {
      const f0 = k / pieces, f1 = (k + 1) / pieces;
      const ax = route[a + WP_X] + (route[b + WP_X] - route[a + WP_X]) * f0, ay = route[a + WP_Y] + (route[b + WP_Y] - route[a + WP_Y]) * f0;
      const bx = route[a + WP_X] + (route[b + WP_X] - route[a + WP_X]) * f1, by = route[a + WP_Y] + (route[b + WP_Y] - route[a + WP_Y]) * f1;
      const za = route[a + WP_Z] + (route[b + WP_Z] - route[a + WP_Z]) * f0, zb = route[a + WP_Z] + (route[b + WP_Z] - route[a + WP_Z]) * f1;
      if (inTerminal(ax, ay) && inTerminal(bx, by)) continue;
      const ta = times[i - 1] + span * f0, tb = times[i - 1] + span * f1;
      const early = p.bufferS + p.growth * ta, late = p.bufferS + p.growth * tb;
      out.push({
        trip, ax, ay, bx, by, zlo: Math.min(za, zb) - halfH, zhi: Math.max(za, zb) + halfH,
        t0: departTick + Math.floor((ta - early) / p.dt), t1: departTick + Math.ceil((tb + late) / p.dt),
        minX: Math.min(ax, bx) - halfR, minY: Math.min(ay, by) - halfR, maxX: Math.max(ax, bx) + halfR, maxY: Math.max(ay, by) + halfR,
      });
    }
  }
  return out;
}

/** Do two volumes overlap in time, altitude and space (centre lines closer than rpz)? */
export function volumesOverlap(a: Volume, b: Volume, rpz: number): boolean {
  if (a.t0 >= b.t1 || b.t0 >= a.t1) return false;
  return volumesMeetInSpace(a, b, rpz);
}

/** The space-and-altitude half of volumesOverlap: altitude bands overlap, centre lines closer than rpz. */
export function volumesMeetInSpace(a: Volume, b: Volume, rpz: number): boolean {
  if (a.zlo >= b.zhi || b.zlo >= a.zhi) return false;
  return segmentDistance(a.ax, a.ay, a.bx, a.by, b.ax, b.ay, b.bx, b.by) < rpz;
}

/** Shortest distance between segments p1–p2 and q1–q2 (2-D). */
export function segmentDistance(p1x: number, p1y: number, p2x: number, p2y: number, q1x: number, q1y: number, q2x: number, q2y: number): number {
  if (segmentsCross(p1x, p1y, p2x, p2y, q1x, q1y, q2x, q2y)) return 0;
  return Math.min(
    pointSegment(p1x, p1y, q1x, q1y, q2x, q2y), pointSegment(p2x, p2y, q1x, q1y, q2x, q2y),
    pointSegment(q1x, q1y, p1x, p1y, p2x, p2y), pointSegment(q2x, q2y, p1x, p1y, p2x, p2y),
  );
}

function pointSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
  return Math.hypot(ax + t * dx - x, ay + t * dy - y);
}

function segmentsCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) => Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
  const o1 = o(ax, ay, bx, by, cx, cy), o2 = o(ax, ay, bx, by, dx, dy), o3 = o(cx, cy, dx, dy, ax, ay), o4 = o(cx, cy, dx, dy, bx, by);
  return o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0;
}

/**
 * Active intents, indexed for fast conflict queries: one rbush per time slab (volumes go into
 * every slab their window touches), so a query looks only at slabs its window touches, and
 * slabs that have ended are dropped whole.
 */
export class IntentStore {
  private readonly slabs = new Map<number, RBush<Volume>>();
  count = 0;

  constructor(private readonly slabTicks: number) {}

  add(volumes: Volume[]): void {
    for (const v of volumes) {
      for (let s = Math.floor(v.t0 / this.slabTicks); s <= Math.floor((v.t1 - 1) / this.slabTicks); s++) {
        let tree = this.slabs.get(s);
        if (!tree) this.slabs.set(s, (tree = new RBush<Volume>()));
        tree.insert(v);
      }
    }
    this.count += volumes.length;
  }

  /**
   * Calls `visit` once for every stored volume whose box and time window meet `v`'s (slabs
   * overlap, so a volume in several slabs is reported once: by its first slab in the query).
   */
  forEachOverlapCandidate(v: Volume, visit: (w: Volume) => void): void {
    const first = Math.floor(v.t0 / this.slabTicks), last = Math.floor((v.t1 - 1) / this.slabTicks);
    for (let s = first; s <= last; s++) {
      const tree = this.slabs.get(s);
      if (!tree) continue;
      for (const w of tree.search(v)) {
        if (w.t0 >= v.t1 || v.t0 >= w.t1) continue;
        // Report only in the first slab of the query that holds w.
        if (Math.max(first, Math.floor(w.t0 / this.slabTicks)) !== s) continue;
        visit(w);
      }
    }
  }

  /**
   * The stored volumes (of other trips) overlapping `v` moved `shift` ticks later: returns the last
   * shift up to which one of them still blocks `v` (each blocks a contiguous run of shifts that
   * contains this one, so a search can skip to beyond the longest), or −Infinity when none overlaps.
   */
  blockedUntil(v: Volume, shift: number, rpz: number): number {
    const t0 = v.t0 + shift, t1 = v.t1 + shift;
    let until = -Infinity;
    for (let s = Math.floor(t0 / this.slabTicks); s <= Math.floor((t1 - 1) / this.slabTicks); s++) {
      const tree = this.slabs.get(s);
      if (!tree) continue;
      for (const w of tree.search(v)) {
        // Overlap in time at shift d ⟺ w.t0 − v.t1 < d < w.t1 − v.t0.
        if (w.trip !== v.trip && t0 < w.t1 && w.t0 < t1 && w.t1 - v.t0 - 1 > until && volumesMeetInSpace(v, w, rpz)) until = w.t1 - v.t0 - 1;
      }
    }
    return until;
  }

  /** First stored volume (of another trip) overlapping `v`, or null. */
  conflict(v: Volume, rpz: number): Volume | null {
    for (let s = Math.floor(v.t0 / this.slabTicks); s <= Math.floor((v.t1 - 1) / this.slabTicks); s++) {
      const tree = this.slabs.get(s);
      if (!tree) continue;
      for (const w of tree.search(v)) if (w.trip !== v.trip && volumesOverlap(v, w, rpz)) return w;
    }
    return null;
  }

  /** Drops slabs that ended before `tick`. */
  expire(tick: number): void {
    const last = Math.floor(tick / this.slabTicks) - 1;
    for (const s of [...this.slabs.keys()]) if (s < last) this.slabs.delete(s);
  }
}

/** Pad bookings per vertiport pad: sorted [from, to) tick intervals. */
export class PadBook {
  private readonly bookings: [number, number][][][];

  constructor(padsPerVertiport: number[]) {
    this.bookings = padsPerVertiport.map((n) => Array.from({ length: n }, () => []));
  }

  /** A pad of vertiport `v` free over [from, to), or -1. */
  findFree(v: number, from: number, to: number): number {
    const pads = this.bookings[v];
    for (let p = 0; p < pads.length; p++) if (pads[p].every(([a, b]) => to <= a || from >= b)) return p;
    return -1;
  }

  book(v: number, pad: number, from: number, to: number): void {
    const list = this.bookings[v][pad];
    list.push([from, to]);
    list.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  }

  /** Every booking as [vertiport, pad, from, to] (for the checker). */
  all(): [number, number, number, number][] {
    const out: [number, number, number, number][] = [];
    this.bookings.forEach((pads, v) => pads.forEach((list, p) => list.forEach(([a, b]) => out.push([v, p, a, b]))));
    return out;
  }
}

/**
 * Independent checker, simple on purpose: every pair of volumes of different trips whose time
 * windows overlap (pairs found by a sweep over start times, so only time-overlapping pairs are
 * visited) is tested in full with its own arithmetic; pads are checked pair by pair. Returns the
 * overlapping pairs of accepted intents and the double-booked pads.
 */
export function checkIntents(volumes: Volume[], rpz: number, pads: [number, number, number, number][]): { overlaps: number; padClashes: number; examples: string[] } {
  let overlaps = 0, padClashes = 0;
  const examples: string[] = [];
  const byStart = volumes.map((v, i) => i).sort((i, j) => volumes[i].t0 - volumes[j].t0 || i - j);
  for (let ii = 0; ii < byStart.length; ii++) {
    const a = volumes[byStart[ii]];
    for (let jj = ii + 1; jj < byStart.length && volumes[byStart[jj]].t0 < a.t1; jj++) {
      const b = volumes[byStart[jj]];
      if (a.trip === b.trip) continue;
      if (a.t0 < b.t1 && b.t0 < a.t1 && a.zlo < b.zhi && b.zlo < a.zhi && segmentDistance(a.ax, a.ay, a.bx, a.by, b.ax, b.ay, b.bx, b.by) < rpz) {
        overlaps++;
        if (examples.length < 5) examples.push(`trips ${a.trip} and ${b.trip}: ticks [${a.t0}, ${a.t1}) × [${b.t0}, ${b.t1})`);
      }
    }
  }
  for (let i = 0; i < pads.length; i++) for (let j = i + 1; j < pads.length; j++) {
    const [v1, p1, a1, b1] = pads[i], [v2, p2, a2, b2] = pads[j];
    if (v1 === v2 && p1 === p2 && a1 < b2 && a2 < b1) padClashes++;
  }
  return { overlaps, padClashes, examples };
}
