import type { TrafficState } from './traffic.ts';
import { detectPair, type DetectionResult, type DetectParams } from './cpa.ts';
import { flatEarthPadM } from './earth.ts';

/** Margin beyond rpz/2 and hpz/2 so numerical edge cases never drop a pair the oracle keeps. */
const SLACK_M = 1;
/**
 * Most time slices of the lookahead. Best of three runs each, 2026-12-04 (scratch harness; the
 * split phases, pair flags and per-slice sort axis below): the `detect` snapshot at 5,000 drones
 * took 4.3–6.1 ms with 2 slices, 5.3–7.5 ms with 4 (3 in between, 6 and 8 slower); 100,000
 * drones on one level at 114 per km² 403 ms with 2, 451 ms with 4. More slices cut candidate pairs
 * (27,695 with 2, 14,819 with 4 at 5k) but each rebuilds the grid. 2 also splits evenly over two threads.
 */
const MAX_SLICES = 2;
/** Low bits of an entry's key (entryKey): its box starts in this cell's column, row (the rest is its bin along the sort axis, times 4). */
const STARTS_X = 1, STARTS_Y = 2, STARTS_BOTH = 3;
/** Altitude histogram bins for choosing the sort axis (xOrderTestsFewer). */
const HISTOGRAM_BINS = 256;

/**
 * Time-sliced uniform grid. A pair can only be in conflict within the lookahead if at some
 * moment t of it both aircraft are within rpz horizontally and hpz vertically; then in the time
 * slice holding t their swept boxes over that slice (padded by half the zone) overlap. A box
 * over half the lookahead is about half as long as the whole swept box, so the grid's
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
    this.firstKept = false;
    const slices = this.slices || slicesFor(s, p);
    const tau = p.tlook / slices;
    if (slices >= parts) for (let k = part; k < slices; k += parts) this.slice(s, p, k * tau, (k + 1) * tau, k, tau, out, 0, 1);
    else for (let k = 0; k < slices; k++) this.slice(s, p, k * tau, (k + 1) * tau, k, tau, out, part, parts);
    out.sortByPair();
  }

  private minX = new Float64Array(0); private maxX = new Float64Array(0);
  private minY = new Float64Array(0); private maxY = new Float64Array(0);
  private minZ = new Float64Array(0); private maxZ = new Float64Array(0);
  /** The first slice's boxes, once it is done in this pass (firstKept; keepFirstBoxes). */
  private firstMinX = new Float64Array(0); private firstMaxX = new Float64Array(0);
  private firstMinY = new Float64Array(0); private firstMaxY = new Float64Array(0);
  private firstMinZ = new Float64Array(0); private firstMaxZ = new Float64Array(0);
  private firstKept = false;
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

  /**
   * One time slice [ta, tb] of the lookahead. Each phase is its own method: V8 optimises a long
   * loop inside a large function on the stack (OSR) and kept re-entering that code and throwing
   * it away at the next phase's first comparison ("insufficient type feedback", 37 deopts in 50
   * passes); small methods are optimised whole.
   */
  private slice(s: TrafficState, p: DetectParams, ta: number, tb: number, k: number, tau: number, out: DetectionResult, part: number, parts: number): void {
    const n = s.n;
    this.sliceBoxes(s, ta, tb);
    this.fitCells(n, p.rpz);
    const total = this.countCells(n);
    if (this.entries.length < total) { this.entries = new Int32Array(total * 2); this.entryKey = new Int32Array(total * 2); this.boxes = new Float64Array(total * 12); }
    this.sortByX = this.xOrderTestsFewer(n);
    this.fillCells(n);
    this.testPairs(s, p, k, tau, out, part, parts);
    if (k === 0) this.keepFirstBoxes();
  }

  /**
   * The first slice's boxes, kept for the second slice's "met earlier?" test (its arrays swapped
   * with the spare set the next slice then fills). Recomputing that from the picture (metEarlier)
   * cost ~38 ns a pair at 5,000 drones, most of it loads from six columns at two random rows; the
   * kept boxes are the same numbers (same arithmetic), so the answer is the same.
   */
  private keepFirstBoxes(): void {
    // Plain swaps (a destructuring swap builds two arrays each, every pass).
    let t = this.minX; this.minX = this.firstMinX; this.firstMinX = t;
    t = this.maxX; this.maxX = this.firstMaxX; this.firstMaxX = t;
    t = this.minY; this.minY = this.firstMinY; this.firstMinY = t;
    t = this.maxY; this.maxY = this.firstMaxY; this.firstMaxY = t;
    t = this.minZ; this.minZ = this.firstMinZ; this.firstMinZ = t;
    t = this.maxZ; this.maxZ = this.firstMaxZ; this.firstMaxZ = t;
    this.firstKept = true;
  }

  /** Did the first slice's boxes of i and j overlap? (Only while firstKept.) */
  private metInFirst(i: number, j: number): boolean {
    return !(this.firstMinX[i] > this.firstMaxX[j] || this.firstMinX[j] > this.firstMaxX[i] ||
      this.firstMinY[i] > this.firstMaxY[j] || this.firstMinY[j] > this.firstMaxY[i] ||
      this.firstMinZ[i] > this.firstMaxZ[j] || this.firstMinZ[j] > this.firstMaxZ[i]);
  }

  /** Grid bounds of this slice's boxes (x, y; z of the box bottoms), the sum of their larger sides, and their mean x and z extents. */
  private gx0 = 0; private gy0 = 0; private gx1 = 0; private gy1 = 0; private gz0 = 0; private gz1 = 0; private sizeSum = 0;
  private meanX = 0; private meanZ = 0;
  /** This slice's grid: cell side's inverse, columns, cells. */
  private inv = 0; private W = 0; private cells = 0;

  /** Every aircraft's box over [ta, tb], padded by the half-widths. */
  private sliceBoxes(s: TrafficState, ta: number, tb: number): void {
    const n = s.n, h = this.h, v = this.v;
    const { minX, maxX, minY, maxY, minZ, maxZ } = this;
    const x = s.x, y = s.y, z = s.z, vx = s.vx, vy = s.vy, vz = s.vz;
    let gx0 = Infinity, gy0 = Infinity, gx1 = -Infinity, gy1 = -Infinity, gz0 = Infinity, gz1 = -Infinity, sizeSum = 0, xSum = 0, zSum = 0;
    for (let i = 0; i < n; i++) {
      const xa = x[i] + vx[i] * ta, xb = x[i] + vx[i] * tb;
      const ya = y[i] + vy[i] * ta, yb = y[i] + vy[i] * tb;
      const za = z[i] + vz[i] * ta, zb = z[i] + vz[i] * tb;
      const x0 = (xa < xb ? xa : xb) - h, x1 = (xa < xb ? xb : xa) + h, y0 = (ya < yb ? ya : yb) - h, y1 = (ya < yb ? yb : ya) + h;
      const z0 = (za < zb ? za : zb) - v, z1 = (za < zb ? zb : za) + v;
      minX[i] = x0; maxX[i] = x1; minY[i] = y0; maxY[i] = y1;
      minZ[i] = z0; maxZ[i] = z1;
      xSum += x1 - x0;
      zSum += z1 - z0;
      if (x0 < gx0) gx0 = x0;
      if (y0 < gy0) gy0 = y0;
      if (x1 > gx1) gx1 = x1;
      if (y1 > gy1) gy1 = y1;
      if (z0 < gz0) gz0 = z0;
      if (z0 > gz1) gz1 = z0;
      sizeSum += (x1 - x0 > y1 - y0 ? x1 - x0 : y1 - y0);
    }
    this.gx0 = gx0; this.gy0 = gy0; this.gx1 = gx1; this.gy1 = gy1; this.gz0 = gz0; this.gz1 = gz1; this.sizeSum = sizeSum;
    this.meanX = xSum / n; this.meanZ = zSum / n;
  }

  /** Cell side: the mean box size, but never so small that the grid exceeds ~4 cells per aircraft. */
  private fitCells(n: number, rpz: number): void {
    const wx = this.gx1 - this.gx0, wy = this.gy1 - this.gy0;
    let cell = Math.max(this.sizeSum / n, rpz);
    while ((wx / cell + 1) * (wy / cell + 1) > 4 * n + 64) cell *= 1.5;
    const inv = 1 / cell;
    const W = Math.floor(wx * inv) + 1, H = Math.floor(wy * inv) + 1, cells = W * H;
    this.inv = inv; this.W = W; this.cells = cells;
    if (this.cellStart.length < cells + 1) { this.cellStart = new Int32Array((cells + 1) * 2); this.cursor = new Int32Array((cells + 1) * 2); }
  }

  /** Each box's cell range, and every cell's start in `entries` (counting sort); returns the entries. */
  private countCells(n: number): number {
    const { minX, maxX, minY, maxY, cx0, cx1, cy0, cy1 } = this;
    const start = this.cellStart, cells = this.cells, W = this.W, inv = this.inv, gx0 = this.gx0, gy0 = this.gy0;
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
    return total;
  }

  /** Every box into each of its cells, with its corners beside it, in order of their low sides along the sort axis (binned): every cell lists its boxes lowest bin first. */
  private fillCells(n: number): void {
    const { minX, maxX, minY, maxY, minZ, maxZ, cx0, cx1, cy0, cy1 } = this;
    const cursor = this.cursor, W = this.W;
    cursor.set(this.cellStart.subarray(0, this.cells));
    const order = this.sortByX ? this.byKey(n, this.minX, this.gx0, this.gx1) : this.byKey(n, this.minZ, this.gz0, this.gz1);
    const e = this.entries, eb = this.entryKey, bx = this.boxes, bin = this.bin;
    for (let r = 0; r < n; r++) {
      const i = order[r], x0 = cx0[i], y0 = cy0[i], key = bin[i] * 4;
      for (let y = y0; y <= cy1[i]; y++) for (let x = x0; x <= cx1[i]; x++) {
        const at = cursor[y * W + x]++, o = at * 6;
        e[at] = i;
        eb[at] = key | (x === x0 ? STARTS_X : 0) | (y === y0 ? STARTS_Y : 0);
        bx[o] = minX[i]; bx[o + 1] = maxX[i]; bx[o + 2] = minY[i]; bx[o + 3] = maxY[i]; bx[o + 4] = minZ[i]; bx[o + 5] = maxZ[i];
      }
    }
  }

  /** The pairs whose boxes overlap, each tested once: in the cell holding the lower-left corner of the boxes' intersection, in the first slice they meet. */
  private testPairs(s: TrafficState, p: DetectParams, k: number, tau: number, out: DetectionResult, part: number, parts: number): void {
    const start = this.cellStart, cells = this.cells, h = this.h, v = this.v, byX = this.sortByX, keyLo = this.keyLo, keyScale = this.keyScale;
    const e = this.entries, eb = this.entryKey, bx = this.boxes, firstKept = this.firstKept;
    for (let c = part; c < cells; c += parts) {
      const from = start[c], to = start[c + 1];
      if (to - from < 2) continue;
      for (let u = from; u < to; u++) {
        const i = e[u], o = u * 6, starts = eb[u] & STARTS_BOTH;
        const ax0 = bx[o], ax1 = bx[o + 1], ay0 = bx[o + 2], ay1 = bx[o + 3], az0 = bx[o + 4], az1 = bx[o + 5];
        // Boxes after u are in its low side's bin or higher ones (along the sort axis); a box whose
        // low side is in a bin above the bin of u's high side starts beyond u (bins are monotone),
        // and so do all after it: the scan ends there.
        const topKey = Math.floor(((byX ? ax1 : az1) - keyLo) * keyScale) * 4 + STARTS_BOTH;
        for (let w = u + 1, q = w * 6; w < to; w++, q += 6) {
          const key = eb[w];
          if (key > topKey) break;
          // The pair is tested in one cell: the one holding the lower-left corner of the two boxes'
          // intersection, i.e. where one of them starts in x and one (maybe the other) starts in y.
          // One branch for all seven tests (bitwise, not short-circuit): each failing test alone is
          // a coin flip the CPU mispredicts, and the box's six numbers share a cache line anyway.
          const miss = (((key | starts) & STARTS_BOTH) ^ STARTS_BOTH) | +(az0 > bx[q + 5]) | +(bx[q + 4] > az1) | +(ax0 > bx[q + 1]) | +(bx[q] > ax1) | +(ay0 > bx[q + 3]) | +(bx[q + 2] > ay1);
          if (miss !== 0) continue;
          const j = e[w];
          // And only in the first slice the boxes meet (the second slice reads the first's boxes when this pass made them).
          if (k > 0 && (k === 1 && firstKept ? this.metInFirst(i, j) : metEarlier(s, i, j, k, tau, h, v))) continue;
          out.candidatePairs++;
          if (i < j) detectPair(s, i, j, p, out);
          else detectPair(s, j, i, p, out);
        }
      }
    }
  }

  /**
   * Sort each cell's boxes by x rather than by altitude? The scan from a box ends at the first box
   * starting beyond it along the sort axis, so the axis on which two boxes of a cell overlap less
   * often is the better one. Along x, within a cell: about extent / (cell + extent). In altitude:
   * the chance two box bottoms are within one extent of each other (a histogram of the bottoms in
   * bins one extent tall). Layered or spread traffic keeps altitude; traffic on one level (where
   * altitude ends no scan) goes by x.
   */
  private xOrderTestsFewer(n: number): boolean {
    const minZ = this.minZ, ex = this.meanX, gz0 = this.gz0, range = this.gz1 - gz0;
    const px = ex / (1 / this.inv + ex);
    const bins = Math.min(HISTOGRAM_BINS, Math.floor(range / this.meanZ) + 1);
    const hist = this.zHistogram;
    hist.fill(0);
    const scale = range > 0 ? bins / range : 0;
    for (let i = 0; i < n; i++) hist[Math.min(bins - 1, Math.floor((minZ[i] - gz0) * scale))]++;
    let same = 0;
    for (let b = 0; b < bins; b++) same += hist[b] * (hist[b] + (b + 1 < bins ? hist[b + 1] : 0));
    return px < same / (n * n);
  }

  /**
   * Indices 0..n−1 ordered by the bin of `col` (a stable counting sort into at most n bins over
   * [lo, hi]; within a bin, by index). Sets keyLo and keyScale: bin(v) = floor((v − lo) · scale), monotone in v.
   */
  private byKey(n: number, col: Float64Array, lo: number, hi: number): Int32Array {
    const order = this.order, bin = this.bin;
    const bins = n < 2 || !(hi > lo) ? 1 : n;
    if (this.binStart.length < bins + 1) this.binStart = new Int32Array(bins + 1);
    const bs = this.binStart;
    bs.fill(0, 0, bins + 1);
    const scale = bins > 1 ? (bins - 1) / (hi - lo) : 0;
    this.keyLo = lo;
    this.keyScale = scale;
    for (let i = 0; i < n; i++) {
      const b = Math.floor((col[i] - lo) * scale);
      bin[i] = b;
      bs[b + 1]++;
    }
    for (let b = 0; b < bins; b++) bs[b + 1] += bs[b];
    for (let i = 0; i < n; i++) order[bs[bin[i]]++] = i;
    return order;
  }

  private order = new Int32Array(0);
  /** This slice's sort axis (xOrderTestsFewer) and each box's bin along it (byKey), with the bins' origin and scale. */
  private sortByX = false;
  /** The last slice's sort axis (tests check both are exercised). */
  get sortAxis(): 'x' | 'z' {
    return this.sortByX ? 'x' : 'z';
  }
  private bin = new Int32Array(0);
  private keyLo = 0;
  private keyScale = 0;
  private readonly zHistogram = new Int32Array(HISTOGRAM_BINS);
  /** Each entry's key: its box's bin along the sort axis × 4, plus the STARTS_ bits of the cell it is in. */
  private entryKey = new Int32Array(0);
  private binStart = new Int32Array(0);

  private ensure(n: number): void {
    if (this.minX.length >= n) return;
    const c = n * 2;
    this.minX = new Float64Array(c); this.maxX = new Float64Array(c); this.minY = new Float64Array(c); this.maxY = new Float64Array(c);
    this.minZ = new Float64Array(c); this.maxZ = new Float64Array(c);
    this.firstMinX = new Float64Array(c); this.firstMaxX = new Float64Array(c); this.firstMinY = new Float64Array(c); this.firstMaxY = new Float64Array(c);
    this.firstMinZ = new Float64Array(c); this.firstMaxZ = new Float64Array(c);
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
