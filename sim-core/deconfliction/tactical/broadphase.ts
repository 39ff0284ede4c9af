import { Registry } from '../../world/registry.ts';
import RBush from 'rbush';
import type { TrafficState } from './traffic.ts';
import { detectPair, type DetectionResult, type DetectParams } from './cpa.ts';
import { SlicedGrid } from './sliced-grid.ts';
import { flatEarthPadM } from './earth.ts';

/** A broad phase finds candidate pairs and hands each (i < j) to the exact pair test. */
export interface BroadPhase {
  readonly name: string;
  detect(s: TrafficState, p: DetectParams, out: DetectionResult): void;
}

/** Margin beyond rpz/2 and hpz/2 so numerical edge cases never drop a pair the oracle keeps. */
const SLACK_M = 1;

/**
 * Swept boxes: where each aircraft can be over [0, tlook] if it keeps its velocity, padded by
 * half the protected zone. Two aircraft whose boxes are disjoint cannot lose separation within
 * the lookahead, so only overlapping boxes need the exact test.
 */
class SweptBoxes {
  minX = new Float64Array(0); minY = new Float64Array(0); maxX = new Float64Array(0); maxY = new Float64Array(0);
  minZ = new Float64Array(0); maxZ = new Float64Array(0);

  fill(s: TrafficState, p: DetectParams): void {
    if (this.minX.length < s.n) {
      const c = Math.max(s.n, this.minX.length * 2);
      this.minX = new Float64Array(c); this.minY = new Float64Array(c); this.maxX = new Float64Array(c); this.maxY = new Float64Array(c);
      this.minZ = new Float64Array(c); this.maxZ = new Float64Array(c);
    }
    const h = p.rpz / 2 + SLACK_M + flatEarthPadM(s, p.rpz, p.tlook, p.earth), v = p.hpz / 2 + SLACK_M, T = p.tlook;
    for (let i = 0; i < s.n; i++) {
      const x1 = s.x[i] + s.vx[i] * T, y1 = s.y[i] + s.vy[i] * T, z1 = s.z[i] + s.vz[i] * T;
      this.minX[i] = Math.min(s.x[i], x1) - h; this.maxX[i] = Math.max(s.x[i], x1) + h;
      this.minY[i] = Math.min(s.y[i], y1) - h; this.maxY[i] = Math.max(s.y[i], y1) + h;
      this.minZ[i] = Math.min(s.z[i], z1) - v; this.maxZ[i] = Math.max(s.z[i], z1) + v;
    }
  }

  overlap(i: number, j: number): boolean {
    return this.minX[i] <= this.maxX[j] && this.minX[j] <= this.maxX[i] && this.minY[i] <= this.maxY[j] && this.minY[j] <= this.maxY[i]
      && this.minZ[i] <= this.maxZ[j] && this.minZ[j] <= this.maxZ[i];
  }
}

/** The oracle and baseline: every pair. O(n²). */
export class AllPairs implements BroadPhase {
  readonly name = 'all-pairs';
  detect(s: TrafficState, p: DetectParams, out: DetectionResult): void {
    out.reset();
    for (let i = 0; i < s.n; i++) for (let j = i + 1; j < s.n; j++) {
      out.candidatePairs++;
      detectPair(s, i, j, p, out);
    }
  }
}

/**
 * Uniform grid with counting sort: each swept box is entered in every cell it covers (cell side
 * about the median box size), cell lists are built with two passes and a prefix sum (no per-cell
 * arrays), and a pair is tested only in the cell holding the lower-left corner of the two boxes'
 * intersection, so each pair is seen once.
 */
export class UniformGrid implements BroadPhase {
  readonly name = 'grid';
  private readonly boxes = new SweptBoxes();
  private cellStart = new Int32Array(0);
  private entries = new Int32Array(0);
  private cx0 = new Int32Array(0); private cx1 = new Int32Array(0); private cy0 = new Int32Array(0); private cy1 = new Int32Array(0);
  private scratch = new Float64Array(0);

  detect(s: TrafficState, p: DetectParams, out: DetectionResult): void {
    out.reset();
    const n = s.n;
    if (n < 2) return;
    const b = this.boxes;
    b.fill(s, p);
    let gx0 = Infinity, gy0 = Infinity, gx1 = -Infinity, gy1 = -Infinity;
    if (this.scratch.length < n) this.scratch = new Float64Array(Math.max(n, this.scratch.length * 2));
    for (let i = 0; i < n; i++) {
      if (b.minX[i] < gx0) gx0 = b.minX[i];
      if (b.minY[i] < gy0) gy0 = b.minY[i];
      if (b.maxX[i] > gx1) gx1 = b.maxX[i];
      if (b.maxY[i] > gy1) gy1 = b.maxY[i];
      this.scratch[i] = Math.max(b.maxX[i] - b.minX[i], b.maxY[i] - b.minY[i]);
    }
    // Cell side: the median box size, but never so small that the grid exceeds ~4 cells per aircraft.
    const sizes = this.scratch.subarray(0, n);
    sizes.sort();
    let cell = Math.max(sizes[n >> 1], p.rpz);
    while (((gx1 - gx0) / cell + 1) * ((gy1 - gy0) / cell + 1) > 4 * n + 64) cell *= 1.5;
    const W = Math.floor((gx1 - gx0) / cell) + 1, H = Math.floor((gy1 - gy0) / cell) + 1;
    const cells = W * H;
    if (this.cellStart.length < cells + 1) this.cellStart = new Int32Array(Math.max(cells + 1, this.cellStart.length * 2));
    if (this.cx0.length < n) {
      const c = Math.max(n, this.cx0.length * 2);
      this.cx0 = new Int32Array(c); this.cx1 = new Int32Array(c); this.cy0 = new Int32Array(c); this.cy1 = new Int32Array(c);
    }
    const start = this.cellStart;
    start.fill(0, 0, cells + 1);
    // Pass 1: count entries per cell.
    let total = 0;
    for (let i = 0; i < n; i++) {
      const x0 = Math.floor((b.minX[i] - gx0) / cell), x1 = Math.floor((b.maxX[i] - gx0) / cell);
      const y0 = Math.floor((b.minY[i] - gy0) / cell), y1 = Math.floor((b.maxY[i] - gy0) / cell);
      this.cx0[i] = x0; this.cx1[i] = x1; this.cy0[i] = y0; this.cy1[i] = y1;
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) start[y * W + x + 1]++;
      total += (x1 - x0 + 1) * (y1 - y0 + 1);
    }
    for (let c = 0; c < cells; c++) start[c + 1] += start[c];
    if (this.entries.length < total) this.entries = new Int32Array(Math.max(total, this.entries.length * 2));
    // Pass 2: place entries (aircraft in increasing index order within each cell).
    const fill = this.scratch; // reuse as a cursor per cell when large enough
    const cursor = fill.length >= cells ? fill : (this.scratch = new Float64Array(cells));
    for (let c = 0; c < cells; c++) cursor[c] = start[c];
    for (let i = 0; i < n; i++) {
      for (let y = this.cy0[i]; y <= this.cy1[i]; y++) for (let x = this.cx0[i]; x <= this.cx1[i]; x++) this.entries[cursor[y * W + x]++] = i;
    }
    // Pairs per cell, each tested only in its reference cell.
    const e = this.entries;
    for (let c = 0; c < cells; c++) {
      const from = start[c], to = start[c + 1];
      if (to - from < 2) continue;
      const cx = c % W, cy = (c - cx) / W;
      for (let u = from; u < to; u++) {
        const i = e[u];
        for (let v = u + 1; v < to; v++) {
          const j = e[v];
          if (!b.overlap(i, j)) continue;
          const rx = Math.max(this.cx0[i], this.cx0[j]), ry = Math.max(this.cy0[i], this.cy0[j]);
          if (rx !== cx || ry !== cy) continue;
          out.candidatePairs++;
          if (i < j) detectPair(s, i, j, p, out);
          else detectPair(s, j, i, p, out);
        }
      }
    }
    out.sortByPair();
  }
}

interface Item { minX: number; minY: number; maxX: number; maxY: number; i: number }

/** rbush bulk load of the swept boxes, one search per aircraft (the alternative measured in the benchmark). */
export class RBushBroadPhase implements BroadPhase {
  readonly name = 'rbush';
  private readonly boxes = new SweptBoxes();
  detect(s: TrafficState, p: DetectParams, out: DetectionResult): void {
    out.reset();
    const b = this.boxes;
    b.fill(s, p);
    const items: Item[] = new Array(s.n);
    for (let i = 0; i < s.n; i++) items[i] = { minX: b.minX[i], minY: b.minY[i], maxX: b.maxX[i], maxY: b.maxY[i], i };
    const tree = new RBush<Item>().load(items);
    for (let i = 0; i < s.n; i++) {
      for (const hit of tree.search(items[i])) {
        const j = hit.i;
        if (j <= i || !b.overlap(i, j)) continue;
        out.candidatePairs++;
        detectPair(s, i, j, p, out);
      }
    }
    out.sortByPair();
  }
}

/** Broad phases by name (scenario `tactical.broadphase`, `detect --broadphase`). */
export const BROAD_PHASES = new Registry<() => BroadPhase>('broad phase', {
  'sliced-grid': { value: () => new SlicedGrid(), description: 'uniform grid per quarter of the lookahead, counting sort (default)' },
  grid: { value: () => new UniformGrid(), description: 'uniform grid of whole-lookahead swept boxes, counting sort (the previous default)' },
  rbush: { value: () => new RBushBroadPhase(), description: 'rbush bulk-load of swept boxes (baseline)' },
  'all-pairs': { value: () => new AllPairs(), description: 'every pair (the oracle for tests)' },
});
