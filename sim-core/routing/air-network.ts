import FlatQueue from 'flatqueue';
import type { ClassEnvelope, Corridor } from '../world/world.ts';
import { SearchStamps } from './search-stamps.ts';

/**
 * The air network: corridor polylines compiled into a directed graph (one node per distinct
 * corridor vertex and altitude, edges along each corridor in its allowed directions). Plans
 * enter and leave the network at the nearest nodes to their end points. A* with an admissible
 * heuristic (straight-line distance at the fastest speed in the network); the edge cost is time,
 * or energy when asked (per-metre energy of the class, plus climb).
 */
export class AirNetwork {
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly z: number[] = [];
  private readonly edgeTo: number[] = [];
  private readonly edgeLen: number[] = [];
  private readonly edgeSpeed: number[] = [];
  private adjStart = new Int32Array(1);
  private adj = new Int32Array(0);
  private edgeFrom: number[] = [];
  private maxSpeed = 1;
  /** Nodes expanded by the last search. */
  expanded = 0;
  // Search state reused across queries (generation stamps).
  private g = new Float64Array(0);
  private parent = new Int32Array(0);
  private stamps = new SearchStamps(0);

  constructor(corridors: Corridor[]) {
    const keyed = new Map<string, number>();
    const node = (x: number, y: number, z: number) => {
      const key = `${Math.round(x)}:${Math.round(y)}:${Math.round(z)}`;
      let id = keyed.get(key);
      if (id === undefined) {
        id = this.x.length;
        this.x.push(x);
        this.y.push(y);
        this.z.push(z);
        keyed.set(key, id);
      }
      return id;
    };
    for (const c of corridors) {
      const z = (c.floorM + c.ceilingM) / 2;
      for (let i = 2; i < c.points.length; i += 2) {
        const a = node(c.points[i - 2], c.points[i - 1], z);
        const b = node(c.points[i], c.points[i + 1], z);
        const len = Math.hypot(this.x[b] - this.x[a], this.y[b] - this.y[a]);
        this.addEdge(a, b, len, c.speedMps);
        if (c.direction === 'both') this.addEdge(b, a, len, c.speedMps);
      }
    }
    // Where corridors cross or touch in plan view at different altitudes, let traffic change
    // corridor (a vertical transition at the shared point).
    const n = this.x.length;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
      if (a !== b && Math.hypot(this.x[a] - this.x[b], this.y[a] - this.y[b]) < 1 && this.z[a] !== this.z[b]) this.addEdge(a, b, 0, 1);
    }
    this.freeze();
  }

  get nodeCount(): number {
    return this.x.length;
  }

  private addEdge(a: number, b: number, len: number, speed: number): void {
    this.edgeFrom.push(a);
    this.edgeTo.push(b);
    this.edgeLen.push(len);
    this.edgeSpeed.push(speed);
    if (speed > this.maxSpeed) this.maxSpeed = speed;
  }

  private freeze(): void {
    const n = this.x.length;
    const start = new Int32Array(n + 1);
    for (const f of this.edgeFrom) start[f + 1]++;
    for (let i = 0; i < n; i++) start[i + 1] += start[i];
    const fill = start.slice(0, n);
    const adj = new Int32Array(this.edgeFrom.length);
    for (let e = 0; e < this.edgeFrom.length; e++) adj[fill[this.edgeFrom[e]]++] = e;
    this.adjStart = start;
    this.adj = adj;
    this.g = new Float64Array(n + 1);
    this.parent = new Int32Array(n + 1);
    this.stamps = new SearchStamps(n + 1);
  }

  /** The `k` nearest nodes to (x, y) within `radius`, nearest first (ties by node id). */
  nearest(x: number, y: number, k: number, radius: number): number[] {
    const found: { id: number; d: number }[] = [];
    for (let i = 0; i < this.x.length; i++) {
      const d = Math.hypot(this.x[i] - x, this.y[i] - y);
      if (d <= radius) found.push({ id: i, d });
    }
    found.sort((a, b) => a.d - b.d || a.id - b.id);
    return found.slice(0, k).map((f) => f.id);
  }

  /**
   * Least-cost path from point A to point B (local metres) through the network, entering at one
   * of `entryK` nearest nodes of A and leaving at one of those of B; access legs are flown at
   * the class cruise speed with a climb or descent to the node's altitude. `excludeEntries` are
   * nodes A may not enter at (an alternative route: the entries earlier routes used). Returns the
   * node ids, or null when the points are too far from the network or no path exists.
   */
  route(ax: number, ay: number, bx: number, by: number, c: ClassEnvelope, options: { entryK?: number; excludeEntries?: readonly number[]; radius?: number; cost?: 'time' | 'energy'; dijkstra?: boolean } = {}): { nodes: number[]; cost: number } | null {
    const k = options.entryK ?? 3, radius = options.radius ?? 6000, excluded = options.excludeEntries ?? [];
    const energy = options.cost === 'energy';
    const entries = this.nearest(ax, ay, k + excluded.length, radius).filter((e) => !excluded.includes(e)).slice(0, k);
    const exits = this.nearest(bx, by, k, radius);
    if (!entries.length || !exits.length) return null;
    const n = this.x.length;
    const target = n; // virtual goal node
    const gen = this.stamps.next();
    const g = this.g, parent = this.parent, stamp = this.stamps.seen, closed = this.stamps.closed;
    const jPerM = c.energy.joulesPerMetre > 0 ? c.energy.joulesPerMetre : 1;
    const legCost = (len: number, dz: number, speed: number) =>
      energy ? len * jPerM + Math.abs(dz) * c.energy.weightN / Math.max(c.energy.efficiency, 1e-9) : len / speed + Math.abs(dz) / Math.max(c.climbMps, 1e-9);
    const h = options.dijkstra ? () => 0 : (i: number) => {
      const d = Math.hypot(this.x[i] - bx, this.y[i] - by);
      return energy ? d * jPerM : d / Math.max(this.maxSpeed, c.cruiseMps);
    };
    const open = new FlatQueue<number>();
    this.expanded = 0;
    for (const e of entries) {
      const cost = legCost(Math.hypot(this.x[e] - ax, this.y[e] - ay), this.z[e] - c.cruiseAltM, c.cruiseMps);
      if (stamp[e] !== gen || cost < g[e]) {
        stamp[e] = gen;
        g[e] = cost;
        parent[e] = -1;
        open.push(e, cost + h(e));
      }
    }
    const exitCost = new Map(exits.map((e) => [e, legCost(Math.hypot(this.x[e] - bx, this.y[e] - by), this.z[e] - c.cruiseAltM, c.cruiseMps)]));
    while (open.length > 0) {
      const u = open.pop()!;
      if (u === target) break;
      if (closed[u] === gen) continue;
      closed[u] = gen;
      this.expanded++;
      const out = exitCost.get(u);
      if (out !== undefined) {
        const gv = g[u] + out;
        if (stamp[target] !== gen || gv < g[target]) {
          stamp[target] = gen;
          g[target] = gv;
          parent[target] = u;
          open.push(target, gv);
        }
      }
      for (let k2 = this.adjStart[u]; k2 < this.adjStart[u + 1]; k2++) {
        const e = this.adj[k2];
        const v = this.edgeTo[e];
        const speed = Math.min(this.edgeSpeed[e], c.maxMps) || c.cruiseMps;
        const gv = g[u] + (this.edgeLen[e] === 0 ? legCost(0, this.z[v] - this.z[u], speed) : legCost(this.edgeLen[e], this.z[v] - this.z[u], speed));
        if (stamp[v] !== gen || gv < g[v]) {
          stamp[v] = gen;
          g[v] = gv;
          parent[v] = u;
          open.push(v, gv + h(v));
        }
      }
    }
    if (stamp[target] !== gen) return null;
    const nodes: number[] = [];
    for (let v = parent[target]; v >= 0; v = parent[v]) nodes.push(v);
    return { nodes: nodes.reverse(), cost: g[target] };
  }

  /** Speed limit on the edge a→b (the corridor's), or `fallback` when not a corridor edge. */
  speedBetween(a: number, b: number, fallback: number): number {
    for (let k = this.adjStart[a]; k < this.adjStart[a + 1]; k++) {
      const e = this.adj[k];
      if (this.edgeTo[e] === b && this.edgeLen[e] > 0) return this.edgeSpeed[e];
    }
    return fallback;
  }
}

const builtAirNetworks = new WeakMap<Corridor[], AirNetwork>();

/** The corridors of a compiled world as an air network, built once per corridor list. */
export function airNetworkOf(corridors: Corridor[]): AirNetwork {
  let net = builtAirNetworks.get(corridors);
  if (!net) {
    net = new AirNetwork(corridors);
    builtAirNetworks.set(corridors, net);
  }
  return net;
}
