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

/**
 * segmentDistance(…) < r, decided from squared distances (no Math.hypot, which is slow) except
 * within a hair of r, where segmentDistance itself settles it: the same answer in every case.
 */
export function segmentsCloserThan(p1x: number, p1y: number, p2x: number, p2y: number, q1x: number, q1y: number, q2x: number, q2y: number, r: number): boolean {
  if (segmentsCross(p1x, p1y, p2x, p2y, q1x, q1y, q2x, q2y)) return 0 < r;
  const d2 = Math.min(
    pointSegment2(p1x, p1y, q1x, q1y, q2x, q2y), pointSegment2(p2x, p2y, q1x, q1y, q2x, q2y),
    pointSegment2(q1x, q1y, p1x, p1y, p2x, p2y), pointSegment2(q2x, q2y, p1x, p1y, p2x, p2y),
  );
  const r2 = r * r;
  if (d2 < r2 * (1 - 1e-9)) return true;
  if (d2 > r2 * (1 + 1e-9)) return false;
  return segmentDistance(p1x, p1y, p2x, p2y, q1x, q1y, q2x, q2y) < r;
}

/** pointSegment squared (same closest point). */
function pointSegment2(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
  const ex = ax + t * dx - x, ey = ay + t * dy - y;
  return ex * ex + ey * ey;
}

function pointSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
  return Math.hypot(ax + t * dx - x, ay + t * dy - y);
}

/** Which side of p→q the point r lies on: −1, 0 or 1. */
function orientation(px: number, py: number, qx: number, qy: number, rx: number, ry: number): number {
  return Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
}

function segmentsCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o1 = orientation(ax, ay, bx, by, cx, cy), o2 = orientation(ax, ay, bx, by, dx, dy);
  const o3 = orientation(cx, cy, dx, dy, ax, ay), o4 = orientation(cx, cy, dx, dy, bx, by);
  return o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0;
}

/**
 * Pad bookings per vertiport pad: [from, to) tick intervals kept sorted by start, so a search
 * stops at the first booking that starts after the interval asked. Bookings that ended long ago
 * are dropped by `expire`; with `keepHistory` every booking is also kept for the checker.
 */
export class PadBook {
  /** Per vertiport, per pad: flat [from, to, from, to, ...] sorted by from. */
  private readonly bookings: number[][][];
  private readonly history: [number, number, number, number][] | null;

  constructor(padsPerVertiport: number[], keepHistory = false) {
    this.bookings = padsPerVertiport.map((n) => Array.from({ length: n }, () => []));
    this.history = keepHistory ? [] : null;
  }

  /** A pad of vertiport `v` free over [from, to), or -1. */
  findFree(v: number, from: number, to: number): number {
    const pads = this.bookings[v];
    for (let p = 0; p < pads.length; p++) if (this.padFree(pads[p], from, to)) return p;
    return -1;
  }

  /**
   * The smallest shift s ≥ 0 for which a pad of vertiport `v` is free over [from + s, to + s):
   * per pad, the first gap between its bookings long enough, at or after `from`.
   */
  nextFreeShift(v: number, from: number, to: number): number {
    const len = to - from;
    let best = Infinity;
    for (const list of this.bookings[v]) {
      let c = from;
      for (let i = 0; i < list.length && c - from < best; i += 2) {
        if (list[i + 1] <= c) continue;
        if (list[i] >= c + len) break;
        c = list[i + 1];
      }
      if (c - from < best) best = c - from;
    }
    return best;
  }

  private padFree(list: number[], from: number, to: number): boolean {
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] >= to) return true; // sorted: every later booking starts after the interval
      if (from < list[i + 1]) return false;
    }
    return true;
  }

  book(v: number, pad: number, from: number, to: number): void {
    const list = this.bookings[v][pad];
    let i = list.length;
    while (i > 0 && (list[i - 2] > from || (list[i - 2] === from && list[i - 1] > to))) i -= 2;
    list.splice(i, 0, from, to);
    this.history?.push([v, pad, from, to]);
  }

  /** Drops bookings that ended before `tick` (no plan can ask about them any more). */
  expire(tick: number): void {
    for (const pads of this.bookings) for (let p = 0; p < pads.length; p++) {
      const list = pads[p];
      let keep = 0;
      for (let i = 0; i < list.length; i += 2) if (list[i + 1] >= tick) { list[keep++] = list[i]; list[keep++] = list[i + 1]; }
      list.length = keep;
    }
  }

  /** Every booking ever made as [vertiport, pad, from, to] (for the checker; needs `keepHistory`). */
  all(): [number, number, number, number][] {
    if (!this.history) throw new Error('PadBook.all() needs keepHistory');
    return this.history;
  }
}

/**
 * Independent checker, simple on purpose and sharing no code with the planner's index: volumes
 * are put in coarse square cells (CHECK_CELL_M, every cell their box touches); in each cell a
 * sweep over start times visits the pairs whose time windows overlap, and each such pair of
 * different trips is tested in full with its own arithmetic in the one cell holding the
 * lower-left corner of the two boxes' intersection (so it is counted once). Pads: per pad, the
 * bookings sorted by start must not overlap their successor. Returns the overlapping pairs of
 * accepted intents and the double-booked pads.
 */
const CHECK_CELL_M = 1000;

export function checkIntents(volumes: Volume[], rpz: number, pads: [number, number, number, number][]): { overlaps: number; padClashes: number; examples: string[] } {
  let overlaps = 0, padClashes = 0;
  const examples: string[] = [];
  const cellOf = (v: number) => Math.floor(v / CHECK_CELL_M);
  const cells = new Map<string, number[]>();
  volumes.forEach((v, i) => {
    for (let cx = cellOf(v.minX); cx <= cellOf(v.maxX); cx++) for (let cy = cellOf(v.minY); cy <= cellOf(v.maxY); cy++) {
      const key = `${cx},${cy}`;
      const list = cells.get(key);
      if (list) list.push(i);
      else cells.set(key, [i]);
    }
  });
  for (const [key, list] of cells) {
    const [cx, cy] = key.split(',').map(Number);
    list.sort((i, j) => volumes[i].t0 - volumes[j].t0 || i - j);
    for (let ii = 0; ii < list.length; ii++) {
      const a = volumes[list[ii]];
      for (let jj = ii + 1; jj < list.length && volumes[list[jj]].t0 < a.t1; jj++) {
        const b = volumes[list[jj]];
        if (a.trip === b.trip) continue;
        if (!(a.t0 < b.t1 && b.t0 < a.t1 && a.zlo < b.zhi && b.zlo < a.zhi)) continue;
        if (cellOf(Math.max(a.minX, b.minX)) !== cx || cellOf(Math.max(a.minY, b.minY)) !== cy) continue;
        if (segmentDistance(a.ax, a.ay, a.bx, a.by, b.ax, b.ay, b.bx, b.by) < rpz) {
          overlaps++;
          if (examples.length < 5) examples.push(`trips ${a.trip} and ${b.trip}: ticks [${a.t0}, ${a.t1}) × [${b.t0}, ${b.t1})`);
        }
      }
    }
  }
  const byPad = new Map<string, [number, number][]>();
  for (const [v, p, a, b] of pads) {
    const list = byPad.get(`${v}/${p}`);
    if (list) list.push([a, b]);
    else byPad.set(`${v}/${p}`, [[a, b]]);
  }
  for (const list of byPad.values()) {
    list.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    // Sorted by start: a booking overlapping any earlier one overlaps the latest-ending earlier one.
    let end = -Infinity;
    for (const [a, b] of list) {
      if (a < end) padClashes++;
      end = Math.max(end, b);
    }
  }
  return { overlaps, padClashes, examples };
}
