import { growNamedColumns } from '../../world/columns.ts';
import type { RoadNetwork } from '../road-network.ts';
import type { JunctionControl, TrafficView } from './types.ts';

/**
 * Reservation-based intersection management in the manner of Dresner & Stone's AIM (2008):
 * each junction box is cut into square tiles; a vehicle near its stop line asks the junction to
 * book the tiles its body will sweep along its movement's path, as time intervals computed from
 * its arrival time and speed (front at its earliest, rear at its latest, plus a time margin). A
 * request is granted only if no booked interval of another vehicle overlaps on any tile; a
 * refused vehicle slows for its stop line and asks again next step (its later, slower arrival
 * often fits). A booked vehicle must not arrive early (its approach speed is capped) and loses
 * its booking if it is late. Conflicting movements can share the box at different times, which
 * is where AIM gains capacity over signals.
 */
export interface AimOptions {
  tile_m: number;
  /** Time margin added to both ends of every tile interval (s). */
  margin_s: number;
  /** Half the vehicle's width plus a side margin (m). */
  half_width_m: number;
}

/** A booked vehicle whose entry speed falls this far below its booking's (m/s) has lost its slot. */
const SLOWER_ENTRY_MPS = 1;

/** A vehicle does not enter (or keep a booking for) a tile it would reach within this time while a slowed vehicle still covers it (s). */
const OCCUPIED_HORIZON_S = 3;

export const DEFAULT_AIM: AimOptions = { tile_m: 1.75, margin_s: 0.6, half_width_m: 1.1 };

export class AimControl implements JunctionControl {
  readonly name = 'aim';
  readonly commitEarly = false;
  /** Per movement: tiles its path touches, with the path's arc range over each. */
  private readonly moveTileStart: Int32Array;
  private readonly moveTile: Int32Array;
  private readonly moveTileSMin: Float64Array;
  private readonly moveTileSMax: Float64Array;
  /** Booked intervals per tile, flat triples [t0, t1, vehicle]. */
  private readonly tileBook: number[][];
  private bookedMove = new Int32Array(0);
  private bookedT = new Float64Array(0);
  /** The entry speed each booking's tile intervals were computed with (m/s). */
  private bookedVe = new Float64Array(0);
  private requests = 0;
  private refusals = 0;
  private lateCancels = 0;
  private deferred = 0;
  private blockedByOccupant = 0;
  private time = 0;
  private readonly arr = new Float64Array(2);

  constructor(private readonly net: RoadNetwork, private readonly opt: AimOptions = DEFAULT_AIM) {
    const tilesPerJ: number[] = [];
    const tileBase = new Int32Array(net.nodeCount + 1);
    for (let j = 0; j < net.nodeCount; j++) {
      const side = Math.max(1, Math.ceil((2 * net.boxHalf[j]) / opt.tile_m));
      tilesPerJ.push(side);
      tileBase[j + 1] = tileBase[j] + side * side;
    }
    this.tileBook = Array.from({ length: tileBase[net.nodeCount] }, () => []);
    const start = [0], tiles: number[] = [], sMin: number[] = [], sMax: number[] = [];
    const p = [0, 0];
    for (let m = 0; m < net.moveCount; m++) {
      const j = net.moveJunction[m], side = tilesPerJ[j];
      const x0 = net.nodeX[j] - net.boxHalf[j], y0 = net.nodeY[j] - net.boxHalf[j];
      const range = new Map<number, [number, number]>();
      const len = net.moveLength[m], r = opt.half_width_m;
      for (let s = 0; s <= len + 1e-9; s += 0.25) {
        net.pointOnMove(m, s, p);
        const c0 = Math.floor((p[0] - r - x0) / opt.tile_m), c1 = Math.floor((p[0] + r - x0) / opt.tile_m);
        const r0 = Math.floor((p[1] - r - y0) / opt.tile_m), r1 = Math.floor((p[1] + r - y0) / opt.tile_m);
        for (let row = Math.max(0, r0); row <= Math.min(side - 1, r1); row++) for (let col = Math.max(0, c0); col <= Math.min(side - 1, c1); col++) {
          const t = tileBase[j] + row * side + col;
          const e = range.get(t);
          if (e) { e[0] = Math.min(e[0], s); e[1] = Math.max(e[1], s); } else range.set(t, [s, s]);
        }
      }
      for (const t of [...range.keys()].sort((a, b) => a - b)) {
        const [a, b] = range.get(t)!;
        tiles.push(t); sMin.push(a); sMax.push(b);
      }
      start.push(tiles.length);
    }
    this.moveTileStart = Int32Array.from(start);
    this.moveTile = Int32Array.from(tiles);
    this.moveTileSMin = Float64Array.from(sMin);
    this.moveTileSMax = Float64Array.from(sMax);
  }

  private ensure(v: number): void {
    const old = this.bookedMove.length;
    if (v < old) return;
    growNamedColumns(this, ['bookedMove', 'bookedT', 'bookedVe'], Math.max(v + 1, old * 2, 1024));
    this.bookedMove.fill(-1, old); // no booking
  }

  beginStep(view: TrafficView): void {
    this.time = view.time;
  }

  /**
   * Arrival at the stop line and entry speed: slowing to the movement's turn speed if faster,
   * keeping its speed if moving, or accelerating from (near) rest.
   */
  private arrival(view: TrafficView, v: number, m: number, dStop: number): void {
    const s = view.speed[v], a = view.accel[v], b = view.decel[v], vm = this.net.moveSpeed[m];
    const out = this.arr; // [arrival time, entry speed]: reused, requests run inside the tick
    if (s > vm) {
      const dd = (s * s - vm * vm) / (2 * b);
      if (dd >= dStop) {
        const ve = Math.sqrt(Math.max(0, s * s - 2 * b * dStop));
        out[0] = view.time + (s - ve) / b; out[1] = ve;
      } else {
        out[0] = view.time + (dStop - dd) / s + (s - vm) / b; out[1] = vm; // cruise, then brake to the turn speed
      }
    } else if (s >= 3) {
      out[0] = view.time + dStop / s; out[1] = s;
    } else {
      out[0] = view.time + AimControl.timeAt(dStop, s, a, vm); out[1] = Math.min(vm, Math.sqrt(s * s + 2 * a * dStop));
    }
  }

  /** Time to cover x from speed ve accelerating at a up to vcap (constant speed if a = 0). */
  private static timeAt(x: number, ve: number, a: number, vcap: number): number {
    if (x <= 0) return 0;
    if (a <= 0 || ve >= vcap) return x / Math.max(Math.min(ve, vcap), 0.5);
    const dc = (vcap * vcap - ve * ve) / (2 * a);
    if (x <= dc) return (-ve + Math.sqrt(ve * ve + 2 * a * x)) / a;
    return (vcap - ve) / a + (x - dc) / vcap;
  }

  private tryBook(view: TrafficView, v: number, m: number, tArr: number, ve: number): boolean {
    const a = view.accel[v], L = view.length[v], r = this.opt.half_width_m, g = this.opt.margin_s, vm = this.net.moveSpeed[m];
    const now = this.time;
    for (let i = this.moveTileStart[m]; i < this.moveTileStart[m + 1]; i++) {
      // Front at its earliest (full acceleration), rear at its latest (a third of it).
      const t0 = tArr + AimControl.timeAt(this.moveTileSMin[i] - r, ve, a, vm) - g;
      const t1 = tArr + AimControl.timeAt(this.moveTileSMax[i] + r + L, ve, a / 3, vm) + g;
      const book = this.tileBook[this.moveTile[i]];
      let w = 0;
      for (let q = 0; q < book.length; q += 3) {
        if (book[q + 1] < now) continue; // expired
        if (w !== q) { book[w] = book[q]; book[w + 1] = book[q + 1]; book[w + 2] = book[q + 2]; }
        w += 3;
      }
      book.length = w;
      for (let q = 0; q < w; q += 3) if (book[q + 2] !== v && book[q] < t1 && t0 < book[q + 1]) return false;
    }
    for (let i = this.moveTileStart[m]; i < this.moveTileStart[m + 1]; i++) {
      const t0 = tArr + AimControl.timeAt(this.moveTileSMin[i] - r, ve, a, vm) - g;
      const t1 = tArr + AimControl.timeAt(this.moveTileSMax[i] + r + L, ve, a / 3, vm) + g;
      this.tileBook[this.moveTile[i]].push(t0, t1, v);
    }
    this.bookedMove[v] = m;
    this.bookedT[v] = tArr;
    this.bookedVe[v] = ve;
    return true;
  }

  private cancel(v: number): void {
    const m = this.bookedMove[v];
    if (m < 0) return;
    for (let i = this.moveTileStart[m]; i < this.moveTileStart[m + 1]; i++) {
      const book = this.tileBook[this.moveTile[i]];
      let w = 0;
      for (let q = 0; q < book.length; q += 3) {
        if (book[q + 2] === v) continue;
        book[w] = book[q]; book[w + 1] = book[q + 1]; book[w + 2] = book[q + 2];
        w += 3;
      }
      book.length = w;
    }
    this.bookedMove[v] = -1;
  }

  /**
   * Would v meet, on a tile of m it reaches within OCCUPIED_HORIZON_S, a conflicting vehicle that
   * is in the box now? A booking assumes every vehicle crosses at its planned pace; one slowed
   * inside the box (by a queue on its out-lane) overstays its intervals, and a vehicle booked
   * after it must not drive into it (the contacts AIM had under heavy load). Blocked when the tile
   * is covered by the occupant's body now, or when the occupant, carrying on at its present speed,
   * would still be on the tile (from its front reaching it to its rear clearing it, ± the margin)
   * while v is (its booked-style interval: front at its earliest, rear at its latest). The
   * prediction is asked only while v can still stop comfortably before its line (`predict`): a
   * vehicle told to stop later brakes harder than its follower expects, and that rear-ends on the
   * lane instead (measured: 31 contact steps at 30×30 when every booked vehicle was asked).
   */
  private occupiedAhead(view: TrafficView, v: number, m: number, tArr: number, ve: number, predict: boolean): boolean {
    const net = this.net, occ = view.boxOccupants(net.moveJunction[m]), r = this.opt.half_width_m;
    if (occ.length === 0) return false;
    const a = view.accel[v], vm = net.moveSpeed[m], L = view.length[v], g = this.opt.margin_s, now = this.time, horizon = now + OCCUPIED_HORIZON_S;
    for (let k = 0; k < occ.length; k += 2) {
      const u = occ[k], f = occ[k + 1];
      if (u === v || !net.conflicts(m, f)) continue;
      // u's body along its own movement: [front − length, front].
      const front = view.lane[u] === net.moveOutLane[f] ? net.moveLength[f] + view.pos[u] : view.pos[u] - net.laneLength[net.moveInLane[f]];
      const rear = front - view.length[u], su = view.speed[u];
      for (let i = this.moveTileStart[f]; i < this.moveTileStart[f + 1]; i++) {
        if (this.moveTileSMax[i] + r < rear) continue; // its rear has cleared this tile
        const covered = this.moveTileSMin[i] - r <= front;
        // At its present speed: on the tile from uIn to uOut (a stopped vehicle never reaches a tile ahead, never leaves one it covers).
        const uIn = covered ? now : su > 0.1 ? now + (this.moveTileSMin[i] - r - front) / su : Infinity;
        const uOut = su > 0.1 ? now + (this.moveTileSMax[i] + r - rear) / su : Infinity;
        if (uIn === Infinity) continue;
        const tile = this.moveTile[i];
        for (let q = this.moveTileStart[m]; q < this.moveTileStart[m + 1]; q++) {
          if (this.moveTile[q] !== tile) continue;
          const vIn = tArr + AimControl.timeAt(this.moveTileSMin[q] - r, ve, a, vm);
          if (vIn >= horizon) continue;
          if (covered) return true;
          if (!predict) continue;
          const vOut = tArr + AimControl.timeAt(this.moveTileSMax[q] + r + L, ve, a / 3, vm);
          if (vIn < uOut + g && uIn - g < vOut) return true;
        }
      }
    }
    return false;
  }

  /** Can v still stop before its stop line at its comfortable deceleration (with half a metre to spare)? */
  private canStop(view: TrafficView, v: number, dStop: number): boolean {
    const s = view.speed[v];
    return (s * s) / (2 * view.decel[v]) <= dStop - 0.5;
  }

  mayEnter(view: TrafficView, v: number, m: number, dStop: number, commit: boolean): boolean {
    this.ensure(v);
    const tol = view.dt + 0.2;
    if (this.bookedMove[v] === m) {
      const tArr = this.bookedT[v];
      this.arrival(view, v, m, dStop);
      if (this.occupiedAhead(view, v, m, tArr, this.arr[1], this.canStop(view, v, dStop))) {
        this.blockedByOccupant++;
        this.cancel(v); // its slot is no longer free: slow down and ask again
        return false;
      }
      // Running late shows before the line: rebook while it can still stop rather than at the line.
      // Entering slower than booked is late too: every tile interval was computed from the booked
      // entry speed, and a vehicle held at its line (its out-lane full) and let go a step later
      // crawls through the box long after its intervals ended (the contacts AIM had at 15×15).
      const slow = this.arr[1] < this.bookedVe[v] - SLOWER_ENTRY_MPS;
      const late = slow || (commit ? view.time > tArr + tol : this.arr[0] > tArr + 0.5 * tol);
      if (!late) return !commit || view.time + view.dt >= tArr - tol; // on time
      this.lateCancels++; // late: its slot is gone, it asks again like anybody else
      this.cancel(v);
    } else if (this.bookedMove[v] >= 0) {
      this.cancel(v); // changed lanes: a different movement
    }
    this.requests++;
    this.arrival(view, v, m, dStop);
    const tArr = this.arr[0], ve = this.arr[1];
    if (this.occupiedAhead(view, v, m, tArr, ve, this.canStop(view, v, dStop))) { this.blockedByOccupant++; return false; }
    if (this.tryBook(view, v, m, tArr, ve)) return !commit || view.time + view.dt >= tArr - tol;
    this.refusals++;
    // A vehicle standing at its line books the first later slot that is free, so a busy junction
    // cannot starve it (plain first-come-first-served can).
    if (!commit && view.stoppedS[v] >= 4 && dStop < 2) {
      for (let delay = view.dt; delay <= 20; delay += view.dt) {
        if (this.tryBook(view, v, m, tArr + delay, ve)) { this.deferred++; return false; }
      }
    }
    return false;
  }

  /** A booked vehicle must not reach its line before its slot: cap its approach speed. */
  approachSpeedCap(v: number, dStop: number): number {
    if (v >= this.bookedMove.length || this.bookedMove[v] < 0) return Infinity;
    const early = this.bookedT[v] - 0.3 - this.time;
    return early > 0 ? dStop / early : Infinity;
  }

  released(v: number): void {
    if (v < this.bookedMove.length) this.bookedMove[v] = -1; // its intervals expire on their own
  }

  stats(): Record<string, number> {
    return { requests: this.requests, refusals: this.refusals, late_cancels: this.lateCancels, deferred_bookings: this.deferred, blocked_by_occupant: this.blockedByOccupant };
  }
}
