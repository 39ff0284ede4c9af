import type { GridMap } from './movingai.ts';
import { TypedHeap } from './typed-heap.ts';
import { SearchStamps } from './search-stamps.ts';

const SQRT2 = Math.SQRT2;

/**
 * Jump point search (Harabor & Grastien 2011) for 8-connected grids with the no-corner-cutting
 * rule (a diagonal step needs both orthogonal cells free). Returns the same optimal octile
 * costs as A* while expanding only jump points. Works on a copy of the map padded with a
 * blocked border, so scans need no bounds checks. Straight scans are precomputed once per map
 * (for every cell and the four straight directions: where the scan stops, at a wall or at a
 * forced cell), so a straight jump costs O(1) and a diagonal jump O(its length); search state
 * lives in typed arrays reused across queries.
 */
export class GridJps {
  private readonly W: number; // padded width
  private readonly free: Uint8Array;
  private readonly g: Float64Array;
  private readonly parent: Int32Array;
  private readonly stamps: SearchStamps;
  /** Straight-scan stops for right, left, down, up: +(cell + 1) forced cell, −(cell + 1) wall. */
  private readonly stops: Int32Array[];
  private readonly heap = new TypedHeap();
  private goal = -1;
  private gx = 0;
  private gy = 0;
  /** Jump points expanded by the last search. */
  expanded = 0;

  constructor(private readonly map: GridMap) {
    const W = map.width + 2;
    this.W = W;
    const n = W * (map.height + 2);
    this.free = new Uint8Array(n);
    for (let y = 0; y < map.height; y++) for (let x = 0; x < map.width; x++) this.free[(y + 1) * W + x + 1] = map.passable[y * map.width + x];
    this.g = new Float64Array(n);
    this.parent = new Int32Array(n);
    this.stamps = new SearchStamps(n);
    this.stops = [0, 1, 2, 3].map(() => new Int32Array(n));
    this.precomputeStops();
  }

  /** Fills the straight-scan tables with one sweep per direction. */
  private precomputeStops(): void {
    const W = this.W, f = this.free, H = this.free.length / W;
    const [right, left, down, up] = this.stops;
    const forcedH = (c: number, dx: number) => (f[c - W] && !f[c - W - dx]) || (f[c + W] && !f[c + W - dx]);
    const forcedV = (c: number, step: number) => (f[c - 1] && !f[c - 1 - step]) || (f[c + 1] && !f[c + 1 - step]);
    for (let y = 1; y < H - 1; y++) {
      const row = y * W;
      right[row + W - 1] = -(row + W - 1 + 1);
      for (let x = W - 2; x >= 0; x--) {
        const c = row + x;
        right[c] = !f[c] ? -(c + 1) : forcedH(c, 1) ? c + 1 : right[c + 1];
      }
      left[row] = -(row + 1);
      for (let x = 1; x < W; x++) {
        const c = row + x;
        left[c] = !f[c] ? -(c + 1) : forcedH(c, -1) ? c + 1 : left[c - 1];
      }
    }
    for (let x = 1; x < W - 1; x++) {
      down[(H - 1) * W + x] = -((H - 1) * W + x + 1);
      for (let y = H - 2; y >= 0; y--) {
        const c = y * W + x;
        down[c] = !f[c] ? -(c + 1) : forcedV(c, W) ? c + 1 : down[c + W];
      }
      up[x] = -(x + 1);
      for (let y = 1; y < H; y++) {
        const c = y * W + x;
        up[c] = !f[c] ? -(c + 1) : forcedV(c, -W) ? c + 1 : up[c - W];
      }
    }
  }

  /** Optimal octile cost from (sx, sy) to (gx, gy) in map coordinates, or -1 if unreachable. */
  search(sx: number, sy: number, gx: number, gy: number): number {
    const W = this.W;
    const start = (sy + 1) * W + sx + 1;
    const goal = (gy + 1) * W + gx + 1;
    this.goal = goal;
    this.gx = gx + 1;
    this.gy = gy + 1;
    this.expanded = 0;
    const gen = this.stamps.next();
    this.heap.clear();
    this.g[start] = 0;
    this.parent[start] = -1;
    this.stamps.seen[start] = gen;
    this.push(start, this.h(start), 0);
    while (this.heap.size > 0) {
      const u = this.pop();
      if (this.stamps.closed[u] === gen) continue;
      this.stamps.closed[u] = gen;
      if (u === goal) return this.g[u];
      this.expanded++;
      this.expand(u);
    }
    return -1;
  }

  private h(c: number): number {
    const x = c % this.W, y = (c - x) / this.W;
    const dx = Math.abs(x - this.gx), dy = Math.abs(y - this.gy);
    return dx > dy ? dx + (SQRT2 - 1) * dy : dy + (SQRT2 - 1) * dx;
  }

  /** Successors of `u`, pruned by the direction it was reached from. */
  private expand(u: number): void {
    const W = this.W, f = this.free;
    const p = this.parent[u];
    if (p < 0) {
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (dx || dy) this.tryDir(u, dx, dy);
      return;
    }
    const ux = u % W, uy = (u - ux) / W, px = p % W, py = (p - px) / W;
    const dx = Math.sign(ux - px), dy = Math.sign(uy - py);
    if (dx !== 0 && dy !== 0) {
      this.tryDir(u, dx, 0);
      this.tryDir(u, 0, dy);
      this.tryDir(u, dx, dy);
    } else if (dx !== 0) {
      this.tryDir(u, dx, 0);
      // Sides and forward diagonals: a superset of the forced neighbours (safe pruning).
      if (f[u - W]) { this.tryDir(u, 0, -1); this.tryDir(u, dx, -1); }
      if (f[u + W]) { this.tryDir(u, 0, 1); this.tryDir(u, dx, 1); }
    } else {
      this.tryDir(u, 0, dy);
      if (f[u - 1]) { this.tryDir(u, -1, 0); this.tryDir(u, -1, dy); }
      if (f[u + 1]) { this.tryDir(u, 1, 0); this.tryDir(u, 1, dy); }
    }
  }

  private tryDir(u: number, dx: number, dy: number): void {
    const W = this.W, f = this.free;
    let j: number;
    if (dx !== 0 && dy !== 0) {
      // The first diagonal step must respect the corner rule too.
      if (!f[u + dx] || !f[u + dy * W]) return;
      j = this.jumpDiagonal(u + dx + dy * W, dx, dy);
    } else j = this.jumpStraight(u + dx + dy * W, dx, dy);
    const st = this.stamps;
    if (j < 0 || st.closed[j] === st.gen) return;
    const ux = u % W, uy = (u - ux) / W, jx = j % W, jy = (j - jx) / W;
    const ax = Math.abs(jx - ux), ay = Math.abs(jy - uy);
    const gj = this.g[u] + (ax === ay ? ax * SQRT2 : ax + ay);
    if (st.seen[j] === st.gen && gj >= this.g[j]) return;
    st.seen[j] = st.gen;
    this.g[j] = gj;
    this.parent[j] = u;
    this.push(j, gj + this.h(j), gj);
  }

  /** Scans straight from `c` (already one step along (dx, dy)) to a jump point, or -1. */
  private jumpStraight(c: number, dx: number, dy: number): number {
    const goal = this.goal;
    const dir = dx > 0 ? 0 : dx < 0 ? 1 : dy > 0 ? 2 : 3;
    const s = this.stops[dir][c];
    const stop = s > 0 ? s - 1 : -s - 1;
    // The goal ends the scan if it lies between here and the stop (a wall stop is not walkable).
    if (dir === 0 ? goal >= c && (goal < stop || (s > 0 && goal === stop))
      : dir === 1 ? goal <= c && (goal > stop || (s > 0 && goal === stop))
      : (goal - c) % this.W === 0 && (dir === 2 ? goal >= c && (goal < stop || (s > 0 && goal === stop)) : goal <= c && (goal > stop || (s > 0 && goal === stop)))) {
      return goal;
    }
    return s > 0 ? stop : -1;
  }

  /** Scans diagonally from `c` (already one step along (dx, dy)) to a jump point, or -1. */
  private jumpDiagonal(c: number, dx: number, dy: number): number {
    const W = this.W, f = this.free, goal = this.goal;
    const step = dy * W;
    for (;;) {
      if (!f[c]) return -1;
      if (c === goal) return c;
      if (this.jumpStraight(c + dx, dx, 0) >= 0 || this.jumpStraight(c + step, 0, dy) >= 0) return c;
      if (!f[c + dx] || !f[c + step]) return -1;
      c += dx + step;
    }
  }

  /** Cells of the last path, start first, as map cell indices (y * width + x), every step included. */
  path(): number[] {
    const W = this.W, mw = this.map.width;
    const jumps: number[] = [];
    for (let v = this.goal; v >= 0; v = this.parent[v]) jumps.push(v);
    jumps.reverse();
    const out: number[] = [];
    const toMap = (c: number) => {
      const x = (c % W) - 1, y = Math.floor(c / W) - 1;
      return y * mw + x;
    };
    out.push(toMap(jumps[0]));
    for (let i = 1; i < jumps.length; i++) {
      const a = jumps[i - 1], b = jumps[i];
      const sx = Math.sign((b % W) - (a % W)), sy = Math.sign(Math.floor(b / W) - Math.floor(a / W));
      for (let c = a; c !== b; ) {
        c += sx + sy * W;
        out.push(toMap(c));
      }
    }
    return out;
  }

  /** Key = f, minus a tiny multiple of g: equal f pops the deeper node first (fewer expansions). */
  private push(node: number, f: number, g: number): void {
    this.heap.push(node, f - g * 1e-9);
  }

  private pop(): number {
    return this.heap.pop();
  }
}
