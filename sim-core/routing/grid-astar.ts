import type { GridMap } from './movingai.ts';
import { TypedHeap } from './typed-heap.ts';
import { SearchStamps } from './search-stamps.ts';

const SQRT2 = Math.SQRT2;

/**
 * A* on a grid, 8-connected (octile, no corner cutting: a diagonal step needs both orthogonal
 * cells free) or 4-connected. All search state lives in typed arrays reused across queries
 * (generation stamps instead of clearing), and the open list is a binary heap on typed arrays.
 */
export class GridAStar {
  private readonly g: Float64Array;
  private readonly parent: Int32Array;
  private readonly stamps: SearchStamps;
  private readonly heap = new TypedHeap();
  /** Nodes expanded by the last search. */
  expanded = 0;

  constructor(private readonly map: GridMap, private readonly connectivity: 4 | 8 = 8) {
    const n = map.width * map.height;
    this.g = new Float64Array(n);
    this.parent = new Int32Array(n);
    this.stamps = new SearchStamps(n);
  }

  /** Octile (8-connected) or Manhattan (4-connected) distance: admissible and consistent. */
  heuristic(x: number, y: number, gx: number, gy: number): number {
    const dx = Math.abs(x - gx), dy = Math.abs(y - gy);
    return this.connectivity === 8 ? Math.max(dx, dy) + (SQRT2 - 1) * Math.min(dx, dy) : dx + dy;
  }

  /**
   * Least-cost path cost from (sx, sy) to (gx, gy), or -1 when unreachable. Straight steps cost
   * 1 and diagonal steps √2. Call `path()` afterwards for the cells.
   */
  search(sx: number, sy: number, gx: number, gy: number): number {
    const { width: W, height: H, passable } = this.map;
    const start = sy * W + sx, goal = gy * W + gx;
    this.expanded = 0;
    const gen = this.stamps.next();
    const g = this.g, parent = this.parent, seen = this.stamps.seen, closed = this.stamps.closed;
    this.heap.clear();
    g[start] = 0;
    parent[start] = -1;
    seen[start] = gen;
    this.push(start, this.heuristic(sx, sy, gx, gy), 0);
    this.lastGoal = goal;
    const eight = this.connectivity === 8;
    while (this.heap.size > 0) {
      const u = this.pop();
      if (closed[u] === gen) continue;
      closed[u] = gen;
      if (u === goal) return g[u];
      this.expanded++;
      const ux = u % W, uy = (u - ux) / W;
      const gu = g[u];
      // Orthogonal neighbours: up, down, left, right.
      const up = uy > 0 && passable[u - W] === 1;
      const down = uy < H - 1 && passable[u + W] === 1;
      const left = ux > 0 && passable[u - 1] === 1;
      const right = ux < W - 1 && passable[u + 1] === 1;
      if (up) this.relax(u - W, gu + 1, u, ux, uy - 1, gx, gy);
      if (down) this.relax(u + W, gu + 1, u, ux, uy + 1, gx, gy);
      if (left) this.relax(u - 1, gu + 1, u, ux - 1, uy, gx, gy);
      if (right) this.relax(u + 1, gu + 1, u, ux + 1, uy, gx, gy);
      if (!eight) continue;
      // Diagonals only when both orthogonal cells are free (no corner cutting).
      if (up && left && passable[u - W - 1] === 1) this.relax(u - W - 1, gu + SQRT2, u, ux - 1, uy - 1, gx, gy);
      if (up && right && passable[u - W + 1] === 1) this.relax(u - W + 1, gu + SQRT2, u, ux + 1, uy - 1, gx, gy);
      if (down && left && passable[u + W - 1] === 1) this.relax(u + W - 1, gu + SQRT2, u, ux - 1, uy + 1, gx, gy);
      if (down && right && passable[u + W + 1] === 1) this.relax(u + W + 1, gu + SQRT2, u, ux + 1, uy + 1, gx, gy);
    }
    return -1;
  }

  private lastGoal = -1;

  private relax(v: number, gv: number, u: number, vx: number, vy: number, gx: number, gy: number): void {
    const st = this.stamps;
    if (st.closed[v] === st.gen) return;
    if (st.seen[v] === st.gen && gv >= this.g[v]) return;
    st.seen[v] = st.gen;
    this.g[v] = gv;
    this.parent[v] = u;
    this.push(v, gv + this.heuristic(vx, vy, gx, gy), gv);
  }

  /** Cells of the last successful search, start first, as cell indices (y * width + x). */
  path(): number[] {
    const out: number[] = [];
    for (let v = this.lastGoal; v >= 0; v = this.parent[v]) out.push(v);
    return out.reverse();
  }

  /** Key = f, minus a tiny multiple of g: equal f pops the deeper node first (fewer expansions). */
  private push(node: number, f: number, g: number): void {
    this.heap.push(node, f - g * 1e-9);
  }

  private pop(): number {
    return this.heap.pop();
  }
}

/** Exact cost of a cell path: straight steps count 1, diagonal steps √2 (summed as n + m√2). */
export function pathCost(path: number[], width: number): number {
  let straight = 0, diagonal = 0;
  for (let i = 1; i < path.length; i++) {
    const dx = Math.abs((path[i] % width) - (path[i - 1] % width));
    const dy = Math.abs(Math.floor(path[i] / width) - Math.floor(path[i - 1] / width));
    if (dx + dy === 2) diagonal++;
    else straight++;
  }
  return straight + diagonal * SQRT2;
}
