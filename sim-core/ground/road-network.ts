import { Graph } from '../routing/graph.ts';
import type { RoadNetworkSpec } from '../world/world.ts';
import type { NetworkConnectionSpec, NetworkLinkSpec, NetworkNodeSpec, NetworkOptions, SignalProgramSpec } from './road-network-spec.ts';

/**
 * A lane-level road network in the local metric frame, built once and then read-only.
 *
 * Nodes are junctions. Each directed link has 1..n lanes (lane 0 is the rightmost). A link's
 * lanes run from the edge of the junction box at its start to the stop line at the edge of the
 * box at its end, so `laneLength` is the link's length minus both half-boxes. Crossing a junction
 * is a *movement* (in-lane → out-lane) with a drawn path through the box (straight or a quadratic
 * Bézier); a vehicle crossing a box is already on its out-lane at negative positions
 * (−pathLength..0), so it keeps following its leader with the IDM the whole time. Movements whose
 * paths come within `CONFLICT_DISTANCE_M` of each other (crossing or merging) conflict; the
 * junction's manager admits vehicles so that conflicting movements never share the box.
 */
export const LANE_WIDTH_M = 3.5;
/** Two paths closer than this (m) somewhere conflict: a car's width plus a margin. */
export const CONFLICT_DISTANCE_M = 2.6;
const PATH_SAMPLES = 16;
/** Lateral acceleration drivers accept in a junction turn (m/s²) and the floor on turn speed. */
export const TURN_LATERAL_MPS2 = 3;
const MIN_TURN_SPEED_MPS = 3;

export type { NetworkConnectionSpec, NetworkLinkSpec, NetworkNodeSpec, NetworkOptions, SignalProgramSpec } from './road-network-spec.ts';

export class RoadNetwork {
  readonly nodeCount: number;
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
  /** Half-size of each junction's box (m): half the widest road meeting there. */
  readonly boxHalf: Float64Array;

  readonly linkCount: number;
  readonly linkFrom: Int32Array;
  readonly linkTo: Int32Array;
  readonly linkLanes: Uint8Array;
  readonly linkFirstLane: Int32Array;
  readonly linkSpeed: Float64Array;
  readonly linkPriority: Int32Array;
  readonly linkDirX: Float64Array;
  readonly linkDirY: Float64Array;
  /** Drivable length between the two junction boxes (m). */
  readonly linkLength: Float64Array;

  readonly laneCount: number;
  readonly laneLink: Int32Array;
  readonly laneIndex: Uint8Array;
  readonly laneLength: Float64Array;
  /** Movements leaving each lane: laneMoveStart[l]..laneMoveStart[l+1]. */
  readonly laneMoveStart: Int32Array;

  readonly moveCount: number;
  readonly moveJunction: Int32Array;
  readonly moveInLane: Int32Array;
  readonly moveOutLane: Int32Array;
  readonly moveOutLink: Int32Array;
  readonly moveLength: Float64Array;
  /** Speed limit through the box (turns: by curvature). */
  readonly moveSpeed: Float64Array;
  /** 0 straight, 1 right, 2 left, 3 U-turn. */
  readonly moveTurn: Uint8Array;
  /** Path samples (x, y) through the box, PATH_SAMPLES + 1 points per movement. */
  readonly movePath: Float64Array;
  /** Conflicting movements of each movement (same junction, different in-lane). */
  readonly moveConflictStart: Int32Array;
  readonly moveConflicts: Int32Array;
  /** Movements of each junction: junctionMoveStart[j]..junctionMoveStart[j+1]. */
  readonly junctionMoveStart: Int32Array;
  /** Incoming links of each junction. */
  readonly junctionInStart: Int32Array;
  readonly junctionIn: Int32Array;

  /** Signal programs and, per movement, its program (−1 unsignalised) and index in the states. */
  readonly signals: SignalProgramSpec[];
  readonly moveSignalProgram: Int32Array;
  readonly moveSignalIndex: Int32Array;
  /** True when movements came from explicit connections: a lane may then lack a turn its link has. */
  readonly explicitConnections: boolean;

  private graph: Graph | null = null;
  private routeVmax = 0;

  constructor(nodes: NetworkNodeSpec[], links: NetworkLinkSpec[], options: NetworkOptions = {}) {
    const n = (this.nodeCount = nodes.length);
    this.nodeX = Float64Array.from(nodes, (p) => p.x);
    this.nodeY = Float64Array.from(nodes, (p) => p.y);
    const L = (this.linkCount = links.length);
    this.linkFrom = Int32Array.from(links, (l) => l.from);
    this.linkTo = Int32Array.from(links, (l) => l.to);
    this.linkLanes = Uint8Array.from(links, (l) => l.lanes);
    this.linkSpeed = Float64Array.from(links, (l) => l.speed);
    this.linkPriority = Int32Array.from(links, (l) => l.priority);
    this.linkDirX = new Float64Array(L);
    this.linkDirY = new Float64Array(L);
    this.boxHalf = new Float64Array(n);
    for (let k = 0; k < L; k++) {
      const a = links[k].from, b = links[k].to;
      const dx = this.nodeX[b] - this.nodeX[a], dy = this.nodeY[b] - this.nodeY[a];
      const len = Math.hypot(dx, dy);
      if (!(len > 0)) throw new Error(`road network: link ${k} has zero length`);
      this.linkDirX[k] = dx / len;
      this.linkDirY[k] = dy / len;
      // A two-way road of n lanes per direction is 2·n lanes wide.
      const half = links[k].lanes * LANE_WIDTH_M;
      this.boxHalf[a] = Math.max(this.boxHalf[a], half);
      this.boxHalf[b] = Math.max(this.boxHalf[b], half);
    }
    // Short links shrink the boxes at their ends, so every link keeps 40 % of its length.
    for (let k = 0; k < L; k++) {
      const len = Math.hypot(this.nodeX[links[k].to] - this.nodeX[links[k].from], this.nodeY[links[k].to] - this.nodeY[links[k].from]);
      this.boxHalf[links[k].from] = Math.min(this.boxHalf[links[k].from], 0.3 * len);
      this.boxHalf[links[k].to] = Math.min(this.boxHalf[links[k].to], 0.3 * len);
    }
    this.linkLength = new Float64Array(L);
    this.linkFirstLane = new Int32Array(L + 1);
    for (let k = 0; k < L; k++) {
      const len = Math.hypot(this.nodeX[links[k].to] - this.nodeX[links[k].from], this.nodeY[links[k].to] - this.nodeY[links[k].from]);
      this.linkLength[k] = links[k].length ?? len - this.boxHalf[links[k].from] - this.boxHalf[links[k].to];
      if (this.linkLength[k] < 1) throw new Error(`road network: link ${k} (node ${links[k].from} → ${links[k].to}) is ${len.toFixed(2)} m long: expected at least 2.5 m between junctions`);
      this.linkFirstLane[k + 1] = this.linkFirstLane[k] + links[k].lanes;
    }
    const laneN = (this.laneCount = this.linkFirstLane[L]);
    this.laneLink = new Int32Array(laneN);
    this.laneIndex = new Uint8Array(laneN);
    this.laneLength = new Float64Array(laneN);
    for (let k = 0; k < L; k++) for (let i = 0; i < links[k].lanes; i++) {
      const l = this.linkFirstLane[k] + i;
      this.laneLink[l] = k;
      this.laneIndex[l] = i;
      this.laneLength[l] = this.linkLength[k];
    }
    // Incoming and outgoing links per node, in link order (deterministic).
    const inStart = new Int32Array(n + 1), outStart = new Int32Array(n + 1);
    for (let k = 0; k < L; k++) { inStart[this.linkTo[k] + 1]++; outStart[this.linkFrom[k] + 1]++; }
    for (let i = 0; i < n; i++) { inStart[i + 1] += inStart[i]; outStart[i + 1] += outStart[i]; }
    const inList = new Int32Array(L), outList = new Int32Array(L);
    const inFill = inStart.slice(0, n), outFill = outStart.slice(0, n);
    for (let k = 0; k < L; k++) { inList[inFill[this.linkTo[k]]++] = k; outList[outFill[this.linkFrom[k]]++] = k; }
    this.junctionInStart = inStart;
    this.junctionIn = inList;

    // Movements: the given connections, or from every lane of an in-link to each out-link
    // (U-turns only at dead ends), into the out-lane of the same index (clamped).
    const mJ: number[] = [], mIn: number[] = [], mOut: number[] = [], mOutLink: number[] = [], mTurn: number[] = [], mLen: number[] = [];
    const mSigP: number[] = [], mSigI: number[] = [];
    const paths: number[] = [];
    this.laneMoveStart = new Int32Array(laneN + 1);
    const junctionMoves: number[][] = Array.from({ length: n }, () => []);
    const mGivenSpeed: number[] = [];
    const addMove = (l: number, o: number, outLane: number, length: number | undefined, signal: NetworkConnectionSpec['signal'], speed?: number) => {
      mGivenSpeed.push(speed !== undefined && speed > 0 ? speed : 0);
      const k = this.laneLink[l], j = this.linkTo[k];
      const m = mJ.length;
      mJ.push(j); mIn.push(l); mOut.push(outLane); mOutLink.push(o);
      mTurn.push(turnOf(this.linkDirX[k], this.linkDirY[k], this.linkDirX[o], this.linkDirY[o]));
      const drawn = this.drawPath(k, this.laneIndex[l], o, outLane - this.linkFirstLane[o], paths);
      mLen.push(length !== undefined && length > 0 ? length : drawn);
      mSigP.push(signal ? signal.program : -1);
      mSigI.push(signal ? signal.index : -1);
      junctionMoves[j].push(m);
    };
    this.explicitConnections = options.connections !== undefined;
    if (options.connections) {
      const byLane: NetworkConnectionSpec[][] = Array.from({ length: laneN }, () => []);
      for (const c of options.connections) {
        if (!(c.fromLink >= 0 && c.fromLink < L && c.toLink >= 0 && c.toLink < L)) throw new Error(`road network: connection ${c.fromLink} → ${c.toLink}: no such link`);
        if (this.linkTo[c.fromLink] !== this.linkFrom[c.toLink]) throw new Error(`road network: connection ${c.fromLink} → ${c.toLink}: the links do not meet at a junction`);
        if (!(c.fromLane >= 0 && c.fromLane < this.linkLanes[c.fromLink] && c.toLane >= 0 && c.toLane < this.linkLanes[c.toLink])) throw new Error(`road network: connection ${c.fromLink}_${c.fromLane} → ${c.toLink}_${c.toLane}: no such lane`);
        byLane[this.linkFirstLane[c.fromLink] + c.fromLane].push(c);
      }
      for (let l = 0; l < laneN; l++) {
        for (const c of byLane[l]) addMove(l, c.toLink, this.linkFirstLane[c.toLink] + c.toLane, c.length, c.signal, c.speed);
        this.laneMoveStart[l + 1] = mJ.length;
      }
    } else {
      for (let l = 0; l < laneN; l++) {
        const k = this.laneLink[l], j = this.linkTo[k];
        const outs: number[] = [];
        for (let q = outStart[j]; q < outStart[j + 1]; q++) if (this.linkTo[outList[q]] !== this.linkFrom[k]) outs.push(outList[q]);
        if (outs.length === 0) for (let q = outStart[j]; q < outStart[j + 1]; q++) outs.push(outList[q]);
        for (const o of outs) addMove(l, o, this.linkFirstLane[o] + Math.min(this.laneIndex[l], this.linkLanes[o] - 1), undefined, undefined);
        this.laneMoveStart[l + 1] = mJ.length;
      }
    }
    this.signals = options.signals ?? [];
    this.moveSignalProgram = Int32Array.from(mSigP);
    this.moveSignalIndex = Int32Array.from(mSigI);
    for (let m = 0; m < mSigP.length; m++) {
      const p = mSigP[m];
      if (p < 0) continue;
      const prog = this.signals[p];
      if (!prog) throw new Error(`road network: movement ${m}: no signal program ${p}`);
      for (const ph of prog.phases) if (mSigI[m] >= ph.state.length) throw new Error(`road network: signal program ${prog.id}: a phase state has ${ph.state.length} letters, link index ${mSigI[m]} needs more`);
    }
    const M = (this.moveCount = mJ.length);
    this.moveJunction = Int32Array.from(mJ);
    this.moveInLane = Int32Array.from(mIn);
    this.moveOutLane = Int32Array.from(mOut);
    this.moveOutLink = Int32Array.from(mOutLink);
    this.moveTurn = Uint8Array.from(mTurn);
    this.moveLength = Float64Array.from(mLen);
    this.movePath = Float64Array.from(paths);
    // Turning speed: lateral acceleration TURN_LATERAL_MPS2 on the turn's mean radius.
    this.moveSpeed = new Float64Array(M);
    for (let m = 0; m < M; m++) {
      const ki = this.laneLink[mIn[m]], ko = mOutLink[m];
      const cos = this.linkDirX[ki] * this.linkDirX[ko] + this.linkDirY[ki] * this.linkDirY[ko];
      const angle = Math.acos(Math.max(-1, Math.min(1, cos)));
      const vmax = Math.min(this.linkSpeed[ki], this.linkSpeed[ko]);
      if (mGivenSpeed[m] > 0) { this.moveSpeed[m] = Math.min(vmax, mGivenSpeed[m]); continue; }
      this.moveSpeed[m] = angle < 0.2 ? vmax : Math.min(vmax, Math.max(MIN_TURN_SPEED_MPS, Math.sqrt(TURN_LATERAL_MPS2 * (mLen[m] / angle))));
    }
    // Movements are created lane by lane, so a junction's are not contiguous: index them.
    this.junctionMoveStart = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) this.junctionMoveStart[j + 1] = this.junctionMoveStart[j] + junctionMoves[j].length;
    const junctionMoveList = junctionMoves.flat();
    this.junctionMoveList = Int32Array.from(junctionMoveList);
    const conflicts: number[][] = Array.from({ length: M }, () => []);
    for (let j = 0; j < n; j++) {
      const ms = junctionMoves[j];
      for (let a = 0; a < ms.length; a++) for (let b = a + 1; b < ms.length; b++) {
        const p = ms[a], q = ms[b];
        if (mIn[p] === mIn[q]) continue; // one queue: vehicles cross one after the other
        if (this.pathsConflict(p, q)) { conflicts[p].push(q); conflicts[q].push(p); }
      }
    }
    this.moveConflictStart = new Int32Array(M + 1);
    for (let m = 0; m < M; m++) this.moveConflictStart[m + 1] = this.moveConflictStart[m] + conflicts[m].length;
    this.moveConflicts = Int32Array.from(conflicts.flat());
    // Dense conflict matrix per junction (local movement indices) for O(1) box checks.
    this.moveLocal = new Int32Array(M);
    this.junctionMatrixBase = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) {
      const c = junctionMoves[j].length;
      junctionMoves[j].forEach((m, i) => (this.moveLocal[m] = i));
      this.junctionMatrixBase[j + 1] = this.junctionMatrixBase[j] + c * c;
    }
    this.conflictMatrix = new Uint8Array(this.junctionMatrixBase[n]);
    for (let m = 0; m < M; m++) {
      const j = mJ[m], c = junctionMoves[j].length;
      for (const q of conflicts[m]) this.conflictMatrix[this.junctionMatrixBase[j] + this.moveLocal[m] * c + this.moveLocal[q]] = 1;
    }
  }

  readonly moveLocal: Int32Array;
  readonly junctionMatrixBase: Int32Array;
  readonly conflictMatrix: Uint8Array;

  /** Do movements m and q (same junction) conflict? */
  conflicts(m: number, q: number): boolean {
    const j = this.moveJunction[m];
    const c = this.junctionMoveStart[j + 1] - this.junctionMoveStart[j];
    return this.conflictMatrix[this.junctionMatrixBase[j] + this.moveLocal[m] * c + this.moveLocal[q]] === 1;
  }

  /** Movements of junction j, in creation order: junctionMoveList[junctionMoveStart[j]..]. */
  readonly junctionMoveList: Int32Array;

  /** Point where lane `laneIdx` of link k meets the box of node `node` (its start or its end). */
  private laneEnd(k: number, laneIdx: number, atEnd: boolean, out: number[]): void {
    const node = atEnd ? this.linkTo[k] : this.linkFrom[k];
    const dx = this.linkDirX[k], dy = this.linkDirY[k];
    const off = (laneIdx + 0.5) * LANE_WIDTH_M; // to the right of the centre line
    const back = atEnd ? -this.boxHalf[node] : this.boxHalf[node];
    out[0] = this.nodeX[node] + dx * back + dy * off;
    out[1] = this.nodeY[node] + dy * back - dx * off;
  }

  private drawPath(inLink: number, inIdx: number, outLink: number, outIdx: number, paths: number[]): number {
    const a = [0, 0], b = [0, 0];
    this.laneEnd(inLink, inIdx, true, a);
    this.laneEnd(outLink, outIdx, false, b);
    // Control point: where the in-lane's line meets the out-lane's line; straight if parallel.
    const dx1 = this.linkDirX[inLink], dy1 = this.linkDirY[inLink], dx2 = this.linkDirX[outLink], dy2 = this.linkDirY[outLink];
    const den = dx1 * dy2 - dy1 * dx2;
    let cx = (a[0] + b[0]) / 2, cy = (a[1] + b[1]) / 2;
    if (Math.abs(den) > 0.05) {
      const t = ((b[0] - a[0]) * dy2 - (b[1] - a[1]) * dx2) / den;
      if (t > 0) { cx = a[0] + dx1 * t; cy = a[1] + dy1 * t; }
    }
    let len = 0, px = a[0], py = a[1];
    for (let i = 0; i <= PATH_SAMPLES; i++) {
      const u = i / PATH_SAMPLES, w0 = (1 - u) * (1 - u), w1 = 2 * u * (1 - u), w2 = u * u;
      const x = w0 * a[0] + w1 * cx + w2 * b[0], y = w0 * a[1] + w1 * cy + w2 * b[1];
      paths.push(x, y);
      len += Math.hypot(x - px, y - py);
      px = x; py = y;
    }
    return Math.max(len, 0.5);
  }

  private pathsConflict(p: number, q: number): boolean {
    const P = this.movePath, S = PATH_SAMPLES + 1;
    const d2 = CONFLICT_DISTANCE_M * CONFLICT_DISTANCE_M;
    for (let i = 0; i < S; i++) for (let k = 0; k < S; k++) {
      const dx = P[(p * S + i) * 2] - P[(q * S + k) * 2], dy = P[(p * S + i) * 2 + 1] - P[(q * S + k) * 2 + 1];
      if (dx * dx + dy * dy < d2) return true;
    }
    return false;
  }

  /** Point at arc length s along movement m's path (clamped), written to out[0], out[1]. */
  pointOnMove(m: number, s: number, out: Float64Array | number[]): void {
    const S = PATH_SAMPLES + 1, base = m * S * 2;
    const u = Math.min(1, Math.max(0, s / this.moveLength[m])) * PATH_SAMPLES;
    const i = Math.min(PATH_SAMPLES - 1, Math.floor(u)), w = u - i;
    out[0] = this.movePath[base + i * 2] * (1 - w) + this.movePath[base + i * 2 + 2] * w;
    out[1] = this.movePath[base + i * 2 + 1] * (1 - w) + this.movePath[base + i * 2 + 3] * w;
  }

  /** Point at position `pos` along lane l (from the box at its start), to out. */
  pointOnLane(l: number, pos: number, out: Float64Array | number[]): void {
    const k = this.laneLink[l];
    const a = this.linkFrom[k], dx = this.linkDirX[k], dy = this.linkDirY[k];
    const off = (this.laneIndex[l] + 0.5) * LANE_WIDTH_M, s = this.boxHalf[a] + pos;
    out[0] = this.nodeX[a] + dx * s + dy * off;
    out[1] = this.nodeY[a] + dy * s - dx * off;
  }

  /** Nearest junction to (x, y); ties go to the lower index. */
  nearestNode(x: number, y: number): number {
    let best = 0, bestD = Infinity;
    for (let i = 0; i < this.nodeCount; i++) {
      const d = (this.nodeX[i] - x) ** 2 + (this.nodeY[i] - y) ** 2;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }

  /** True if some lane of link k has a movement onto `outLink`. */
  linkLeadsTo(k: number, outLink: number): boolean {
    for (let l = this.linkFirstLane[k]; l < this.linkFirstLane[k + 1]; l++) if (this.moveTo(l, outLink) >= 0) return true;
    return false;
  }

  /** The lane of l's link nearest to l that has a movement onto `outLink` (l itself if it has one), or −1. */
  nearestLaneTo(l: number, outLink: number): number {
    const k = this.laneLink[l], first = this.linkFirstLane[k], last = this.linkFirstLane[k + 1] - 1;
    for (let d = 0; d <= last - first; d++) {
      if (l - d >= first && this.moveTo(l - d, outLink) >= 0) return l - d;
      if (l + d <= last && this.moveTo(l + d, outLink) >= 0) return l + d;
    }
    return -1;
  }

  /** The movement from lane l onto link `outLink`, or −1. */
  moveTo(l: number, outLink: number): number {
    for (let m = this.laneMoveStart[l]; m < this.laneMoveStart[l + 1]; m++) if (this.moveOutLink[m] === outLink) return m;
    return -1;
  }

  /**
   * Fastest route as link ids from junction a to junction b (at least one link: if a === b, the
   * shortest loop back is not wanted, so the route is null), or null if b cannot be reached.
   */
  routeBetweenNodes(a: number, b: number): number[] | null {
    if (a === b) return null;
    let best: number[] | null = null, bestCost = Infinity;
    // Try each first link out of a to each last link into b: small degree, so few searches.
    for (let k = 0; k < this.linkCount; k++) {
      if (this.linkFrom[k] !== a) continue;
      if (this.linkTo[k] === b) {
        const c = this.linkLength[k] / this.linkSpeed[k];
        if (c < bestCost) { bestCost = c; best = [k]; }
        continue;
      }
      for (let q = this.junctionInStart[b]; q < this.junctionInStart[b + 1]; q++) {
        const r = this.route(k, this.junctionIn[q]);
        if (!r) continue;
        let c = 0;
        for (const l of r) c += this.linkLength[l] / this.linkSpeed[l];
        if (c < bestCost - 1e-9) { bestCost = c; best = r; }
      }
    }
    return best;
  }

  /** Fastest route as link ids from link `fromLink` to link `toLink` (both included), or null. */
  route(fromLink: number, toLink: number): number[] | null {
    if (!this.graph) {
      // One graph node per link; edges are the turns, costed by the next link's free travel time.
      const g = new Graph();
      for (let k = 0; k < this.linkCount; k++) g.addNode((this.nodeX[this.linkFrom[k]] + this.nodeX[this.linkTo[k]]) / 2, (this.nodeY[this.linkFrom[k]] + this.nodeY[this.linkTo[k]]) / 2);
      for (let k = 0; k < this.linkCount; k++) {
        // Every out-link some lane of k reaches, once (the first lane's movement gives the cost).
        const seen = new Set<number>();
        for (let l = this.linkFirstLane[k]; l < this.linkFirstLane[k + 1]; l++) for (let m = this.laneMoveStart[l]; m < this.laneMoveStart[l + 1]; m++) {
          const o = this.moveOutLink[m];
          if (seen.has(o)) continue;
          seen.add(o);
          g.addEdge(k, o, (this.linkLength[o] + this.moveLength[m]) / this.linkSpeed[o], this.linkSpeed[o]);
        }
      }
      this.graph = g;
    }
    if (fromLink === toLink) return [fromLink];
    // Spreading 10⁵ speeds into Math.max per trip was half of a large import's time.
    if (this.routeVmax === 0) for (let k = 0; k < this.linkCount; k++) this.routeVmax = Math.max(this.routeVmax, this.linkSpeed[k]);
    const vmax = this.routeVmax;
    const g = this.graph;
    const path = g.shortestPath(fromLink, toLink, (node) => Math.hypot(g.nodeX[node] - g.nodeX[toLink], g.nodeY[node] - g.nodeY[toLink]) / vmax);
    return path ? path.nodes : null;
  }
}

export function turnOf(ax: number, ay: number, bx: number, by: number): number {
  const cross = ax * by - ay * bx, dot = ax * bx + ay * by;
  if (dot < -0.95) return 3;
  if (Math.abs(cross) < 0.35 && dot > 0) return 0;
  return cross < 0 ? 1 : 2; // y up: a clockwise turn is to the right
}

/**
 * A rows × cols grid of junctions `block` m apart, two-way roads with `lanes` lanes per direction;
 * `connections` (e.g. lane-discipline.ts's SUMO-style ones) fixes which lane reaches which out-link.
 */
export function gridNetwork(rows: number, cols: number, block: number, lanes: number, speed: number, connections?: (nodes: NetworkNodeSpec[], links: NetworkLinkSpec[]) => NetworkConnectionSpec[]): RoadNetwork {
  const nodes: NetworkNodeSpec[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) nodes.push({ x: c * block, y: r * block });
  const links: NetworkLinkSpec[] = [];
  const id = (r: number, c: number) => r * cols + c;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    // East–west roads are the priority roads.
    if (c + 1 < cols) { links.push({ from: id(r, c), to: id(r, c + 1), lanes, speed, priority: 2 }); links.push({ from: id(r, c + 1), to: id(r, c), lanes, speed, priority: 2 }); }
    if (r + 1 < rows) { links.push({ from: id(r, c), to: id(r + 1, c), lanes, speed, priority: 1 }); links.push({ from: id(r + 1, c), to: id(r, c), lanes, speed, priority: 1 }); }
  }
  return new RoadNetwork(nodes, links, connections ? { connections: connections(nodes, links) } : {});
}

const builtNetworks = new WeakMap<RoadNetworkSpec, RoadNetwork>();

/**
 * The lane-level network of a compiled world's spec, built once per spec object: the compiler
 * routes ground flows on it and every simulation of that world drives on the same (read-only)
 * network.
 */
export function roadNetworkOf(spec: RoadNetworkSpec): RoadNetwork {
  let net = builtNetworks.get(spec);
  if (!net) {
    net = new RoadNetwork(spec.nodes, spec.links, spec.options);
    builtNetworks.set(spec, net);
  }
  return net;
}
