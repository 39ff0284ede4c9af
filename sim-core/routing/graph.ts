import { SearchStamps } from './search-stamps.ts';
import FlatQueue from 'flatqueue';

/**
 * A small directed graph in compressed adjacency form with a Dijkstra search, used at compile
 * time for road and corridor routes. Built once, then read-only.
 */
export class Graph {
  readonly nodeX: number[] = [];
  readonly nodeY: number[] = [];
  readonly nodeZ: number[] = [];
  private readonly edgeFrom: number[] = [];
  private readonly edgeTo: number[] = [];
  private readonly edgeCost: number[] = [];
  /** Per-edge speed limit in m/s. */
  readonly edgeSpeed: number[] = [];
  private adjStart: Int32Array | null = null;
  private adjEdge: Int32Array | null = null;
  private scratch: { dist: Float64Array; viaEdge: Int32Array; stamps: SearchStamps; queue: FlatQueue<number> } | null = null;

  addNode(x: number, y: number, z = 0): number {
    this.nodeX.push(x);
    this.nodeY.push(y);
    this.nodeZ.push(z);
    this.adjStart = null;
    return this.nodeX.length - 1;
  }

  get nodeCount(): number {
    return this.nodeX.length;
  }

  addEdge(from: number, to: number, cost: number, speed: number): void {
    this.edgeFrom.push(from);
    this.edgeTo.push(to);
    this.edgeCost.push(cost);
    this.edgeSpeed.push(speed);
    this.adjStart = null;
  }

  private freeze(): void {
    const n = this.nodeCount;
    const start = new Int32Array(n + 1);
    for (const f of this.edgeFrom) start[f + 1]++;
    for (let i = 0; i < n; i++) start[i + 1] += start[i];
    const fill = start.slice(0, n);
    const adj = new Int32Array(this.edgeFrom.length);
    // Edges keep insertion order within a node, so searches are reproducible.
    for (let e = 0; e < this.edgeFrom.length; e++) adj[fill[this.edgeFrom[e]]++] = e;
    this.adjStart = start;
    this.adjEdge = adj;
  }

  /** Nearest node to (x, y) by Euclidean distance; ties go to the lower index. */
  nearestNode(x: number, y: number): number {
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < this.nodeCount; i++) {
      const d = (this.nodeX[i] - x) ** 2 + (this.nodeY[i] - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /**
   * Least-cost path from `source` to `target` as node ids and the edge ids between them, or null
   * when the target is unreachable. With an admissible `heuristic` (a lower bound on the cost
   * to the target) this is A*; without, Dijkstra.
   */
  shortestPath(source: number, target: number, heuristic: (node: number) => number = () => 0): { nodes: number[]; edges: number[]; cost: number } | null {
    if (!this.adjStart) this.freeze();
    const start = this.adjStart!;
    const adj = this.adjEdge!;
    const n = this.nodeCount;
    // Scratch kept between searches (a city's trips route one after another): marks by generation, no refills.
    if (!this.scratch || this.scratch.dist.length < n) this.scratch = { dist: new Float64Array(n), viaEdge: new Int32Array(n), stamps: new SearchStamps(n), queue: new FlatQueue<number>() };
    const { dist, viaEdge, stamps, queue } = this.scratch;
    queue.clear();
    const gen = stamps.next(), seen = stamps.seen, closed = stamps.closed;
    dist[source] = 0;
    viaEdge[source] = -1;
    seen[source] = gen;
    queue.push(source, heuristic(source));
    while (queue.length > 0) {
      const u = queue.pop()!;
      if (closed[u] === gen) continue;
      closed[u] = gen;
      const d = dist[u];
      if (u === target) break;
      for (let k = start[u]; k < start[u + 1]; k++) {
        const e = adj[k];
        const v = this.edgeTo[e];
        const nd = d + this.edgeCost[e];
        if (seen[v] !== gen || nd < dist[v]) {
          seen[v] = gen;
          dist[v] = nd;
          viaEdge[v] = e;
          queue.push(v, nd + heuristic(v));
        }
      }
    }
    if (seen[target] !== gen) return null;
    const nodes = [target];
    const edges: number[] = [];
    for (let v = target; v !== source; ) {
      const e = viaEdge[v];
      edges.push(e);
      v = this.edgeFrom[e];
      nodes.push(v);
    }
    return { nodes: nodes.reverse(), edges: edges.reverse(), cost: dist[target] };
  }
}
