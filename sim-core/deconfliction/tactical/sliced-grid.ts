import type { TrafficState } from './traffic.ts';
import { detectPair, type DetectionResult, type DetectParams } from './cpa.ts';
import { flatEarthPadM } from './earth.ts';

/** Margin beyond rpz/2 and hpz/2 so numerical edge cases never drop a pair the oracle keeps. */
const SLACK_M = 1;
/**
 * Most time slices of the lookahead. On the `detect` snapshot at 5,000 drones, 2 and 4 slices
 * were within noise of each other (7.2 and 7.6 ms), 8 slower (11.3 ms); 4 splits evenly over
 * two threads and cuts candidate pairs the most of the two (14,819 vs 27,695).
 */
const MAX_SLICES = 4;

/**
 * Time-sliced uniform grid. A pair can only be in conflict within the lookahead if at some
 * moment t of it both aircraft are within rpz horizontally and hpz vertically; then in the time
 * slice holding t their swept boxes over that slice (padded by half the zone) overlap. A box
 * over a quarter of the lookahead is about a quarter as long as the whole swept box, so the grid's
 * cells are small and few boxes share one: far fewer pairs are looked at than with whole-lookahead
 * boxes (UniformGrid), for the same conflicts. Per slice: boxes, counting sort into cells
 * (two passes and a prefix sum), pairs tested in the cell holding the lower-left corner of the
 * two boxes' intersection; a pair whose boxes already met in an earlier slice was tested there.
 * A BroadPhase (broadphase.ts; the interface is not imported: that would make an import circle
 * with the registry there).
 */
export class SlicedGrid {
  readonly name = 'sliced-grid';

  /**
   * @param slices fixed number of slices (tests); default: chosen per pass from traffic density,
   *   from 1 (sparse: each box alone in its cells, slicing would only repeat the work) to MAX_SLICES.
   */
  constructor(private readonly slices = 0) {}

  /**
   * Part `part` of `parts` of a pass, for splitting one pass across threads. With at least as many
   * slices as parts, a part takes the slices whose index is `part` modulo `parts` (boxes, grid and
   * pairs: the whole work splits); otherwise every slice, but only the cells whose index is `part`
   * modulo `parts`. Either way the parts find disjoint sets of pairs whose union is the whole pass
   * (a pair is tested in one cell of its first meeting slice). Rows are sorted by pair within the
   * part: merge, then sort again.
   */
  detectPart(s: TrafficState, p: DetectParams, out: DetectionResult, part: number, parts: number): void {
    out.reset();
    const n = s.n;
    if (n < 2) return;
    // Half-widths of every slice's boxes, once per pass (the flat-earth margin scans the picture).
    this.h = p.rpz / 2 + SLACK_M + flatEarthPadM(s, p.rpz, p.tlook, p.earth);
    this.v = p.hpz / 2 + SLACK_M;
    this.ensure(n);
    const slices = this.slices || slicesFor(s, p);
    const tau = p.tlook / slices;
    if (slices >= parts) for (let k = part; k < slices; k += parts) this.slice(s, p, k * tau, (k + 1) * tau, k, tau, out, 0, 1);
    else for (let k = 0; k < slices; k++) this.slice(s, p, k * tau, (k + 1) * tau, k, tau, out, part, parts);
    out.sortByPair();
  }

  private minX = new Float64Array(0); private maxX = new Float64Array(0);
  private minY = new Float64Array(0); private maxY = new Float64Array(0);
  private minZ = new Float64Array(0); private maxZ = new Float64Array(0);
  private cx0 = new Int32Array(0); private cx1 = new Int32Array(0); private cy0 = new Int32Array(0); private cy1 = new Int32Array(0);
  private cellStart = new Int32Array(0);
  private cursor = new Int32Array(0);
  private entries = new Int32Array(0);
  /** Each entry's box, copied next to its neighbours in the cell (minX, maxX, minY, maxY, minZ, maxZ): the pair loop reads one run of memory. */
  private boxes = new Float64Array(0);
  /** This pass's horizontal and vertical box half-widths (set in detectPart). */
  private h = 0;
  private v = 0;

  detect(s: TrafficState, p: DetectParams, out: DetectionResult): void {
    this.detectPart(s, p, out, 0, 1);
  }

  private slice(s: TrafficState, p: DetectParams, ta: number, tb: number, k: number, tau: number, out: DetectionResult, part: number, parts: number): void {
    const n = s.n, h = this.h, v = this.v;
    const { minX, maxX, minY, maxY, minZ, maxZ } = this;
    let gx0 = Infinity, gy0 = Infinity, gx1 = -Infinity, gy1 = -Infinity, gz0 = Infinity, gz1 = -Infinity, sizeSum = 0;
    for (let i = 0; i < n; i++) {
      const xa = s.x[i] + s.vx[i] * ta, xb = s.x[i] + s.vx[i] * tb;
      const ya = s.y[i] + s.vy[i] * ta, yb = s.y[i] + s.vy[i] * tb;
      const za = s.z[i] + s.vz[i] * ta, zb = s.z[i] + s.vz[i] * tb;
      const x0 = (xa < xb ? xa : xb) - h, x1 = (xa < xb ? xb : xa) + h, y0 = (ya < yb ? ya : yb) - h, y1 = (ya < yb ? yb : ya) + h;
      minX[i] = x0; maxX[i] = x1; minY[i] = y0; maxY[i] = y1;
      minZ[i] = (za < zb ? za : zb) - v; maxZ[i] = (za < zb ? zb : za) + v;
      if (x0 < gx0) gx0 = x0;
      if (y0 < gy0) gy0 = y0;
      if (x1 > gx1) gx1 = x1;
      if (y1 > gy1) gy1 = y1;
      if (minZ[i] < gz0) gz0 = minZ[i];
      if (minZ[i] > gz1) gz1 = minZ[i];
      sizeSum += (x1 - x0 > y1 - y0 ? x1 - x0 : y1 - y0);
    }
    // Cell side: the mean box size, but never so small that the grid exceeds ~4 cells per aircraft.
    let cell = Math.max(sizeSum / n, p.rpz);
    while (((gx1 - gx0) / cell + 1) * ((gy1 - gy0) / cell + 1) > 4 * n + 64) cell *= 1.5;
    const inv = 1 / cell;
    const W = Math.floor((gx1 - gx0) * inv) + 1, H = Math.floor((gy1 - gy0) * inv) + 1, cells = W * H;
    if (this.cellStart.length < cells + 1) { this.cellStart = new Int32Array((cells + 1) * 2); this.cursor = new Int32Array((cells + 1) * 2); }
    const start = this.cellStart, cursor = this.cursor, { cx0, cx1, cy0, cy1 } = this;
    start.fill(0, 0, cells + 1);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const x0 = Math.floor((minX[i] - gx0) * inv), x1 = Math.floor((maxX[i] - gx0) * inv);
      const y0 = Math.floor((minY[i] - gy0) * inv), y1 = Math.floor((maxY[i] - gy0) * inv);
      cx0[i] = x0; cx1[i] = x1; cy0[i] = y0; cy1[i] = y1;
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) start[y * W + x + 1]++;
      total += (x1 - x0 + 1) * (y1 - y0 + 1);
    }
    for (let c = 0; c < cells; c++) start[c + 1] += start[c];
    if (this.entries.length < total) { this.entries = new Int32Array(total * 2); this.entryBin = new Int32Array(total * 2); this.boxes = new Float64Array(total * 12); }
    const e = this.entries, eb = this.entryBin, bx = this.boxes, bin = this.bin;
    cursor.set(start.subarray(0, cells));
    // Filled in order of the boxes' bottoms (binned), so every cell lists its boxes lowest bin first (below).
    const order = this.byBottom(n, gz0, gz1), zScale = this.zScale;
    for (let r = 0; r < n; r++) {
      const i = order[r];
      for (let y = cy0[i]; y <= cy1[i]; y++) for (let x = cx0[i]; x <= cx1[i]; x++) {
        const at = cursor[y * W + x]++, o = at * 6;
        e[at] = i;
        eb[at] = bin[i];
        bx[o] = minX[i]; bx[o + 1] = maxX[i]; bx[o + 2] = minY[i]; bx[o + 3] = maxY[i]; bx[o + 4] = minZ[i]; bx[o + 5] = maxZ[i];
      }
    }
    for (let c = part; c < cells; c += parts) {
      const from = start[c], to = start[c + 1];
      if (to - from < 2) continue;
      const cx = c % W, cy = (c - cx) / W;
      for (let u = from; u < to; u++) {
        const i = e[u], o = u * 6;
        const ax0 = bx[o], ax1 = bx[o + 1], ay0 = bx[o + 2], ay1 = bx[o + 3], az0 = bx[o + 4], az1 = bx[o + 5];
        // Boxes after u are in its bottom's bin or higher ones; a box whose bottom is in a bin
        // above the bin of u's top starts above u's top (bins are monotone in z), and so do all
        // after it: the scan ends there. (Most pairs in a cell are apart vertically.)
        const topBin = Math.floor((az1 - gz0) * zScale);
        for (let w = u + 1, q = w * 6; w < to; w++, q += 6) {
          if (eb[w] > topBin) break;
          if (az0 > bx[q + 5] || bx[q + 4] > az1 || ax0 > bx[q + 1] || bx[q] > ax1 || ay0 > bx[q + 3] || bx[q + 2] > ay1) continue;
          const j = e[w];
          // Test the pair once: in the reference cell of this slice, and only if no earlier slice met it.
          if ((cx0[i] > cx0[j] ? cx0[i] : cx0[j]) !== cx || (cy0[i] > cy0[j] ? cy0[i] : cy0[j]) !== cy) continue;
          if (k > 0 && metEarlier(s, i, j, k, tau, h, v)) continue;
          out.candidatePairs++;
          if (i < j) detectPair(s, i, j, p, out);
          else detectPair(s, j, i, p, out);
        }
      }
    }
  }

  /**
   * Indices 0..n−1 ordered by the altitude bin of their box bottom (a stable counting sort into
   * at most n bins over [gz0, gz1]; within a bin, by index). Sets `zScale` for binOf.
   */
  private byBottom(n: number, gz0: number, gz1: number): Int32Array {
    const minZ = this.minZ, order = this.order, bin = this.bin;
    const bins = n < 2 || !(gz1 > gz0) ? 1 : n;
    if (this.binStart.length < bins + 1) this.binStart = new Int32Array(bins + 1);
    const bs = this.binStart;
    bs.fill(0, 0, bins + 1);
    this.zScale = bins > 1 ? (bins - 1) / (gz1 - gz0) : 0;
    for (let i = 0; i < n; i++) {
      const b = Math.floor((minZ[i] - gz0) * this.zScale);
      bin[i] = b;
      bs[b + 1]++;
    }
    for (let b = 0; b < bins; b++) bs[b + 1] += bs[b];
    for (let i = 0; i < n; i++) order[bs[bin[i]]++] = i;
    return order;
  }

  private order = new Int32Array(0);
  /** Altitude bin of each box's bottom this slice (byBottom), and the bin scale: bin(z) = floor((z − gz0) · zScale), monotone in z. */
  private bin = new Int32Array(0);
  private zScale = 0;
  /** Each entry's altitude bin, beside `entries`. */
  private entryBin = new Int32Array(0);
  private binStart = new Int32Array(0);

  private ensure(n: number): void {
    if (this.minX.length >= n) return;
    const c = n * 2;
    this.minX = new Float64Array(c); this.maxX = new Float64Array(c); this.minY = new Float64Array(c); this.maxY = new Float64Array(c);
    this.minZ = new Float64Array(c); this.maxZ = new Float64Array(c);
    this.order = new Int32Array(c);
    this.bin = new Int32Array(c);
    this.cx0 = new Int32Array(c); this.cx1 = new Int32Array(c); this.cy0 = new Int32Array(c); this.cy1 = new Int32Array(c);
  }
}

/**
 * Slices for this pass: about the number of whole-lookahead swept boxes that would share one
 * box's area (n · box² / area of the traffic), so sparse traffic is done in one pass and dense
 * traffic in MAX_SLICES smaller ones.
 */
function slicesFor(s: TrafficState, p: DetectParams): number {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, speed = 0;
  for (let i = 0; i < s.n; i++) {
    if (s.x[i] < x0) x0 = s.x[i];
    if (s.x[i] > x1) x1 = s.x[i];
    if (s.y[i] < y0) y0 = s.y[i];
    if (s.y[i] > y1) y1 = s.y[i];
    speed += Math.abs(s.vx[i]) + Math.abs(s.vy[i]);
  }
  const box = (speed / s.n) * p.tlook + p.rpz;
  const area = (x1 - x0 + box) * (y1 - y0 + box);
  const shared = (s.n * box * box) / area;
  return shared >= MAX_SLICES ? MAX_SLICES : shared < 1 ? 1 : Math.floor(shared);
}

/** Did the padded boxes of i and j over some slice before slice k overlap? (Same arithmetic as the boxes above.) */
function metEarlier(s: TrafficState, i: number, j: number, k: number, tau: number, h: number, v: number): boolean {
  for (let q = 0; q < k; q++) {
    const ta = q * tau, tb = (q + 1) * tau;
    if (!axisMeet(s.x[i], s.vx[i], s.x[j], s.vx[j], ta, tb, h)) continue;
    if (!axisMeet(s.y[i], s.vy[i], s.y[j], s.vy[j], ta, tb, h)) continue;
    if (axisMeet(s.z[i], s.vz[i], s.z[j], s.vz[j], ta, tb, v)) return true;
  }
  return false;
}

function axisMeet(pi: number, vi: number, pj: number, vj: number, ta: number, tb: number, pad: number): boolean {
  const ia = pi + vi * ta, ib = pi + vi * tb, ja = pj + vj * ta, jb = pj + vj * tb;
  const i0 = (ia < ib ? ia : ib) - pad, i1 = (ia < ib ? ib : ia) + pad, j0 = (ja < jb ? ja : jb) - pad, j1 = (ja < jb ? jb : ja) + pad;
  return !(i0 > j1 || j0 > i1);
}
