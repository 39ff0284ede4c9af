import FlatQueue from 'flatqueue';
import type { GridMap } from './movingai.ts';

const INF = 0x3fffffff;

/**
 * Reservations on a 4-connected grid in unit time steps (MAPF conventions): vertex occupations,
 * edge traversals (to forbid swaps), and agents parked at their goals forever.
 */
export class GridReservations {
  /** Per cell: sorted, distinct times at which it is occupied (null when never). */
  private readonly times: (number[] | null)[];
  /** Per cell: time from which an agent parks there forever (INF when none). */
  readonly parkedFrom: Int32Array;
  /** Edge moves as keys ((from·N + to)·2^16 + departure time). */
  private readonly edges = new Set<number>();

  constructor(readonly cells: number) {
    this.times = new Array(cells).fill(null);
    this.parkedFrom = new Int32Array(cells).fill(INF);
  }

  /** Reserves a timed path (one cell per step); the agent stays at its last cell forever. */
  addPath(path: number[]): void {
    for (let t = 0; t < path.length; t++) {
      this.occupy(path[t], t);
      if (t > 0 && path[t] !== path[t - 1]) this.edges.add(this.edgeKey(path[t - 1], path[t], t - 1));
    }
    const last = path[path.length - 1];
    this.parkedFrom[last] = Math.min(this.parkedFrom[last], path.length - 1);
  }

  private occupy(cell: number, t: number): void {
    let list = this.times[cell];
    if (!list) list = this.times[cell] = [];
    const k = lowerBound(list, t);
    if (list[k] !== t) list.splice(k, 0, t);
  }

  edgeKey(from: number, to: number, t: number): number {
    return (from * this.cells + to) * 65536 + t;
  }

  /** Does some reserved agent move from `from` to `to` departing at `t`? */
  hasEdge(from: number, to: number, t: number): boolean {
    return this.edges.has(this.edgeKey(from, to, t));
  }

  occupiedTimes(cell: number): number[] | null {
    return this.times[cell];
  }
}

function lowerBound(a: number[], v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m] < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** Calls `visit(start, end, earliest)` for each safe interval of `cell` overlapping [lo, hi]. */
function forEachSafeInterval(res: GridReservations, cell: number, lo: number, hi: number, visit: (start: number, end: number, earliest: number) => void): void {
  const times = res.occupiedTimes(cell);
  const parked = res.parkedFrom[cell];
  let cur = lo;
  while (cur <= hi && cur < parked) {
    const k = times ? lowerBound(times, cur) : 0;
    if (times && k < times.length && times[k] === cur) {
      cur++;
      continue;
    }
    const start = times && k > 0 ? times[k - 1] + 1 : 0;
    let end = times && k < times.length ? times[k] - 1 : INF;
    if (end > parked - 1) end = parked - 1;
    visit(start, end, cur);
    cur = end + 2;
  }
}

export interface SippResult {
  /** One cell per time step from t = 0 to the arrival at the goal. */
  path: number[];
  expanded: number;
}

/**
 * Safe-interval path planning (Phillips & Likhachev 2011) for one agent on a 4-connected grid
 * with unit moves and waits, against `res`. The goal is reached only in a safe interval that
 * never ends, so the agent can stay there. Returns null when no plan is found within
 * `maxExpansions`.
 */
export class GridSipp {
  private readonly dist: Int32Array;
  private readonly queue: Int32Array;

  constructor(private readonly map: GridMap) {
    this.dist = new Int32Array(map.width * map.height);
    this.queue = new Int32Array(map.width * map.height);
  }

  /** Exact static distances to `goal` (BFS), used as the heuristic. */
  private distancesTo(goal: number): void {
    const { width: W, height: H, passable } = this.map;
    const dist = this.dist, q = this.queue;
    dist.fill(-1);
    dist[goal] = 0;
    let head = 0, tail = 0;
    q[tail++] = goal;
    while (head < tail) {
      const u = q[head++];
      const x = u % W, y = (u - x) / W;
      const d = dist[u] + 1;
      if (y > 0 && passable[u - W] && dist[u - W] < 0) { dist[u - W] = d; q[tail++] = u - W; }
      if (y < H - 1 && passable[u + W] && dist[u + W] < 0) { dist[u + W] = d; q[tail++] = u + W; }
      if (x > 0 && passable[u - 1] && dist[u - 1] < 0) { dist[u - 1] = d; q[tail++] = u - 1; }
      if (x < W - 1 && passable[u + 1] && dist[u + 1] < 0) { dist[u + 1] = d; q[tail++] = u + 1; }
    }
  }

  plan(start: number, goal: number, res: GridReservations, maxExpansions = 500_000): SippResult | null {
    this.distancesTo(goal);
    if (this.dist[start] < 0) return null;
    const { width: W, height: H, passable } = this.map;
    // Search nodes as columns: cell, arrival time, interval end, parent.
    const nCell: number[] = [], nTime: number[] = [], nEnd: number[] = [], nParent: number[] = [];
    const best = new Map<number, number>(); // (cell, interval start) → best arrival time
    const open = new FlatQueue<number>();
    const dist = this.dist;
    const BIG = 1 << 20;
    const addNode = (cell: number, t: number, end: number, parent: number, intervalStart: number) => {
      const key = cell * BIG + intervalStart;
      const prev = best.get(key);
      if (prev !== undefined && prev <= t) return;
      best.set(key, t);
      nCell.push(cell); nTime.push(t); nEnd.push(end); nParent.push(parent);
      // f = t + h, ties toward later arrival (deeper) first; integers, so this is exact.
      open.push(nCell.length - 1, (t + dist[cell]) * 65536 - Math.min(t, 65535));
    };
    let found = -1;
    forEachSafeInterval(res, start, 0, 0, (s, e) => addNode(start, 0, e, -1, s));
    let expanded = 0;
    const neighbours = [0, 0, 0, 0];
    while (open.length > 0) {
      const i = open.pop()!;
      const cell = nCell[i], t = nTime[i], end = nEnd[i];
      if (cell === goal && end >= INF - 1) {
        found = i;
        break;
      }
      if (++expanded > maxExpansions) return null;
      const x = cell % W, y = (cell - x) / W;
      let nn = 0;
      if (y > 0 && passable[cell - W]) neighbours[nn++] = cell - W;
      if (y < H - 1 && passable[cell + W]) neighbours[nn++] = cell + W;
      if (x > 0 && passable[cell - 1]) neighbours[nn++] = cell - 1;
      if (x < W - 1 && passable[cell + 1]) neighbours[nn++] = cell + 1;
      const hi = end >= INF - 1 ? INF : end + 1;
      for (let k = 0; k < nn; k++) {
        const next = neighbours[k];
        if (dist[next] < 0) continue;
        forEachSafeInterval(res, next, t + 1, hi, (s, e, earliest) => {
          // Depart at arr − 1 (waiting in `cell` until then); skip departures that would swap.
          let arr = earliest;
          const last = Math.min(e, hi);
          while (arr <= last && res.hasEdge(next, cell, arr - 1)) arr++;
          if (arr <= last) addNode(next, arr, e, i, s);
        });
      }
    }
    if (found < 0) return null;
    // Rebuild the timed path: wait in each cell until one step before the next arrival.
    const chain: number[] = [];
    for (let i = found; i >= 0; i = nParent[i]) chain.push(i);
    chain.reverse();
    const path: number[] = [nCell[chain[0]]];
    for (let k = 1; k < chain.length; k++) {
      const arrive = nTime[chain[k]];
      while (path.length < arrive) path.push(nCell[chain[k - 1]]);
      path.push(nCell[chain[k]]);
    }
    return { path, expanded };
  }
}

export interface PrioritizedResult {
  paths: (number[] | null)[];
  solved: boolean;
  restarts: number;
  failedAgents: number;
  expanded: number[];
  ms: number[];
}

/**
 * Prioritized planning: agents plan one after another with SIPP against the reservations of all
 * agents before them. When an agent fails, the run restarts with that agent moved to the front
 * (up to `maxRestarts` times or `budgetMs`), and the best attempt (most agents planned) is kept.
 * `now` supplies the clock so that sim-core stays free of wall-clock calls.
 */
export function prioritizedPlan(map: GridMap, starts: number[], goals: number[], now: () => number, options: { maxRestarts?: number; budgetMs?: number; maxExpansions?: number } = {}): PrioritizedResult {
  const n = starts.length;
  const sipp = new GridSipp(map);
  const maxRestarts = options.maxRestarts ?? 20;
  const budget = options.budgetMs ?? 30_000;
  const t0 = now();
  let order = Array.from({ length: n }, (_, i) => i);
  let bestResult: PrioritizedResult | null = null;
  for (let attempt = 0; attempt <= maxRestarts; attempt++) {
    const res = new GridReservations(map.width * map.height);
    // Every start is taken at t = 0, so nobody plans through a waiting agent's start then.
    const paths: (number[] | null)[] = new Array(n).fill(null);
    const expanded = new Array(n).fill(0);
    const ms = new Array(n).fill(0);
    let failed = -1;
    let failures = 0;
    for (const a of order) {
      const a0 = now();
      const r = sipp.plan(starts[a], goals[a], res, options.maxExpansions);
      ms[a] = now() - a0;
      if (!r) {
        failures++;
        if (failed < 0) failed = a;
        continue;
      }
      expanded[a] = r.expanded;
      paths[a] = r.path;
      res.addPath(r.path);
    }
    const result = { paths, solved: failures === 0, restarts: attempt, failedAgents: failures, expanded, ms };
    if (!bestResult || failures < bestResult.failedAgents) bestResult = result;
    if (failures === 0 || now() - t0 > budget) break;
    order = [failed, ...order.filter((a) => a !== failed)];
  }
  return bestResult!;
}
