import { growNamedColumns } from '../world/columns.ts';
import type { CarFollowingModel } from './car-following/types.ts';
import { MobilLaneChanger } from './lane-change.ts';
import { countCollisions } from './collisions.ts';
import { TripBook } from './trip-book.ts';
import type { RoadNetwork } from './road-network.ts';
import type { JunctionControl } from './junctions/types.ts';
import { nextMoveFrom, WRONG_LANE, type LaneTraffic } from './lane-traffic.ts';

/**
 * Microscopic ground traffic on a RoadNetwork, SUMO-like in its step:
 *   1. lane changes (MOBIL: incentive with politeness, safety for the new follower, a bias toward
 *      the lane a coming turn wants), evaluated once per second per vehicle, staggered;
 *   2. every vehicle plans its next speed from the state at the start of the step (its car-following model, e.g. IDM with
 *      SUMO's sub-stepped update, parity-tested in test/sumo-parity.test.ts) behind its leader:
 *      the vehicle ahead on its lane, or for the front vehicle the tail of its next lane if its
 *      junction lets it through, else its stop line;
 *   3. all vehicles move (x' = x + v'·dt); vehicles past their stop line continue on the next
 *      lane through the junction box; vehicles past the end of their last link arrive;
 *   4. due trips are inserted at the start of their first link when there is room (else they
 *      wait in a per-link queue, as in SUMO).
 * State is columns on typed arrays indexed by vehicle slot; lanes keep their vehicles front first.
 */
export interface GroundTrafficOptions {
  dt: number;
  /** Initial vehicle capacity (grows if needed). */
  capacity?: number;
  /** A vehicle stopped this long (s) counts as stuck (SUMO's time-to-teleport default: 300 s). */
  stuck_after_s?: number;
  /** MOBIL politeness, threshold (m/s²) and safe braking limit for the new follower (m/s²). */
  politeness?: number;
  lc_threshold?: number;
  lc_safe_decel?: number;
  /**
   * Reuse an arrived trip's index and route space for later trips (the engine adds trips all day
   * long: without this, memory grows with every shuttle). Off for file runs, which report per
   * trip index.
   */
  recycle_trips?: boolean;
}

export interface GroundStats {
  time_s: number;
  running: number;
  inserted: number;
  arrived: number;
  waiting_to_insert: number;
  vehicle_updates: number;
  lane_changes: number;
  /** Times a denied vehicle could not stop before its line and was held at it. */
  forced_stops: number;
  max_stopped_s: number;
  stuck: number;
  mean_travel_time_s: number;
}

const FREE_GAP = 1e6;

/** The per-vehicle columns of GroundTraffic (grown together; several are private). */
const VEHICLE_COLUMNS = [
  'pos', 'speed', 'length', 'accel', 'decel', 'vNext', 'stoppedS', 'departS', 'nextMove', 'lane', 'type', 'routeOff', 'routeLen', 'routeIdx',
  'boxMove', 'tripOf', 'alive', 'stuckFlag', 'waitingS',
] as const;

export class GroundTraffic implements LaneTraffic {
  readonly dt: number;
  time = 0;
  stepIndex = 0;
  private cap = 0;
  // Vehicle columns.
  pos = new Float64Array(0);
  speed = new Float64Array(0);
  length = new Float64Array(0);
  accel = new Float64Array(0);
  decel = new Float64Array(0);
  nextMove = new Int32Array(0);
  lane = new Int32Array(0);
  private vNext = new Float64Array(0);
  type = new Int32Array(0);
  routeOff = new Int32Array(0);
  routeLen = new Int32Array(0);
  routeIdx = new Int32Array(0);
  /** Movement whose box the vehicle is committed to or inside, −1 otherwise. */
  boxMove = new Int32Array(0);
  stoppedS = new Float64Array(0);
  /** Total time each vehicle has spent below 0.1 m/s since it entered (SUMO's tripinfo waitingTime). */
  waitingS = new Float64Array(0);
  private departS = new Float64Array(0);
  private tripOf = new Int32Array(0);
  private alive = new Uint8Array(0);
  private stuckFlag = new Uint8Array(0);
  private free: number[] = [];
  /** Vehicles on each lane, front first. */
  readonly laneQ: number[][];
  /** Occupants of each junction box: flat pairs [vehicle, movement]. */
  private readonly box: number[][];
  /** Vehicles committed to or inside a junction box. */
  inBox: number[] = [];

  /** Trips and their routes (ground/trip-book.ts). */
  private readonly trips: TripBook;
  /** Routes of all trips (the trip book's buffer; it moves when the book grows or compacts). */
  get routeBuf(): Int32Array {
    return this.trips.routeBuf;
  }
  private readonly waiting: number[][];
  private waitingCount = 0;

  private readonly laneChanger: MobilLaneChanger;
  private readonly stuckAfter: number;

  /** Called when a trip's vehicle enters the network: (trip index, vehicle slot). */
  onInsert: ((trip: number, v: number) => void) | null = null;
  /** Called when a vehicle crosses a stop line onto movement m (tests use it). */
  onCross: ((v: number, m: number, t: number) => void) | null = null;
  /** Called when a vehicle arrives: (trip index, vehicle slot, time). */
  onArrive: ((trip: number, v: number, t: number) => void) | null = null;

  readonly stats: GroundStats = { time_s: 0, running: 0, inserted: 0, arrived: 0, waiting_to_insert: 0, vehicle_updates: 0, lane_changes: 0, forced_stops: 0, max_stopped_s: 0, stuck: 0, mean_travel_time_s: 0 };
  private travelSum = 0;

  /**
   * `models[k]` is vehicle type k's car-following model (trips name their type by index). The
   * models must use the `sumo` (semi-implicit Euler) integration: positions advance by v'·dt.
   */
  constructor(readonly net: RoadNetwork, readonly control: JunctionControl, readonly models: CarFollowingModel[], opts: GroundTrafficOptions) {
    if (!(opts.dt > 0)) throw new Error('ground traffic: dt must be positive');
    for (const m of models) if (m.integration !== 'sumo') throw new Error(`ground traffic: car-following model ${m.name} must use the sumo integration, got ${m.integration}`);
    this.dt = opts.dt;
    this.stuckAfter = opts.stuck_after_s ?? 300;
    // After a compaction the driving vehicles' routes moved: point them at their trips' new places.
    this.trips = new TripBook(opts.recycle_trips ?? false, () => {
      for (let v = 0; v < this.cap; v++) if (this.alive[v]) this.routeOff[v] = this.trips.routeOff[this.tripOf[v]];
    });
    this.laneChanger = new MobilLaneChanger(opts.politeness ?? 0.3, opts.lc_threshold ?? 0.2, opts.lc_safe_decel ?? 4, Math.max(1, Math.round(1 / opts.dt)));
    this.laneQ = Array.from({ length: net.laneCount }, () => []);
    this.box = Array.from({ length: net.nodeCount }, () => []);
    this.waiting = Array.from({ length: net.linkCount }, () => []);
    this.grow(opts.capacity ?? 1024);
  }

  private grow(n: number): void {
    const old = this.cap;
    growNamedColumns(this, VEHICLE_COLUMNS, n);
    // Free slots are handed out lowest first (LIFO over a descending push).
    for (let v = n - 1; v >= old; v--) this.free.push(v);
    this.cap = n;
  }

  /**
   * Adds a trip along `route` (link ids, consecutive links joined by movements). `departLane` is
   * the lane index on the first link (SUMO's departLane), or −1: the lane with most room among
   * those that reach the next link. Returns the trip's index.
   */
  addTrip(depart: number, route: ArrayLike<number>, type: number, departLane = -1): number {
    if (!(route.length >= 1)) throw new Error('ground trip: empty route');
    for (let i = 0; i + 1 < route.length; i++) {
      if (!this.net.linkLeadsTo(route[i], route[i + 1])) throw new Error(`ground trip: link ${route[i + 1]} does not follow link ${route[i]}`);
    }
    return this.trips.add(depart, route, type, departLane >= 0 ? Math.min(departLane, this.net.linkLanes[route[0]] - 1) : -1);
  }

  /** Desired departure time of each trip, by trip index (a copy). */
  tripDepartures(): number[] {
    return this.trips.depart.slice();
  }

  firstOnLane(l: number): number {
    const q = this.laneQ[l];
    return q.length ? q[0] : -1;
  }

  boxOccupants(j: number): readonly number[] {
    return this.box[j];
  }

  boxConflicts(m: number): boolean {
    const b = this.box[this.net.moveJunction[m]];
    for (let i = 0; i < b.length; i += 2) if (this.net.conflicts(m, b[i + 1])) return true;
    return false;
  }

  get running(): number {
    return this.cap - this.free.length;
  }

  /** One step of dt seconds. */
  step(): void {
    this.control.beginStep(this);
    this.laneChanger.run(this);
    this.plan();
    this.execute();
    this.insertDue();
    this.time += this.dt;
    this.stepIndex++;
    this.stats.time_s = this.time;
    this.stats.running = this.running;
    this.stats.waiting_to_insert = this.waitingCount + this.trips.pending.length;
  }

  private plan(): void {
    const net = this.net, dt = this.dt, pos = this.pos, speed = this.speed, len = this.length, vNext = this.vNext;
    for (let l = 0; l < net.laneCount; l++) {
      const q = this.laneQ[l];
      const n = q.length;
      if (n === 0) continue;
      const L = net.laneLength[l], vlim = net.linkSpeed[net.laneLink[l]];
      for (let k = 0; k < n; k++) {
        const v = q[k], cf = this.models[this.type[v]], p = cf.type;
        const x = pos[v], s = speed[v];
        let des = p.v0 < vlim ? p.v0 : vlim;
        if (x < 0 && this.boxMove[v] >= 0) des = Math.min(des, net.moveSpeed[this.boxMove[v]]); // crossing a box
        let vn: number;
        if (k > 0) {
          const u = q[k - 1];
          vn = cf.followSpeed(s, pos[u] - len[u] - x - p.minGap, speed[u], des, dt, this.decel[u]);
        } else {
          vn = this.planFront(v, cf, des, x, s, L);
        }
        vNext[v] = vn;
      }
    }
    this.stats.vehicle_updates += this.running;
  }

  /** Next speed of the front vehicle of its lane: its junction decides what lies ahead. */
  private planFront(v: number, cf: CarFollowingModel, des: number, x: number, s: number, L: number): number {
    const net = this.net, dt = this.dt, p = cf.type;
    const m = this.nextMove[v];
    const dStop = L - x;
    if (m === WRONG_LANE) return cf.stopSpeed(s, Math.max(0, dStop - 0.01), des, dt); // waits to change lanes
    if (m < 0) return cf.freeSpeed(s, des, dt);
    const look = Math.max(30, (s * s) / (2 * p.decel) + 2 * s * dt + 10);
    // Committed vehicles have the junction's word and keep it; nobody is asked to break it.
    const committed = this.boxMove[v] === m && this.lane[v] === net.moveInLane[m];
    let allowed = committed || dStop >= look || this.control.mayEnter(this, v, m, dStop, false);
    if (allowed) {
      const tq = this.laneQ[net.moveOutLane[m]];
      let vn: number, room = true;
      if (tq.length) {
        const u = tq[tq.length - 1];
        const ahead = net.moveLength[m] + this.pos[u] - this.length[u]; // from the stop line to the tail's rear
        vn = cf.followSpeed(s, dStop + ahead - p.minGap, this.speed[u], des, dt, this.decel[u]);
        room = ahead >= net.moveLength[m] + this.length[v] + p.minGap; // can clear the box: keep it clear
      } else {
        vn = cf.freeSpeed(s, des, dt);
      }
      // Slow down in time for the turn's speed limit at the line.
      const vm = net.moveSpeed[m];
      const turnCap = Math.sqrt(vm * vm + 2 * p.decel * Math.max(0, dStop - s * dt));
      if (vn > turnCap) vn = Math.max(turnCap, s - p.decel * dt);
      const cap = this.control.approachSpeedCap ? this.control.approachSpeedCap(v, dStop) : Infinity;
      // A booked slot is kept: never reach the line early (braking at most twice the comfortable rate).
      if (vn > cap) vn = Math.max(cap, s - 2 * p.decel * dt, 0);
      if (committed) return vn;
      // Commit while a comfortable stop is still possible (two steps of margin), or on reaching the line.
      const brakeDist = (s * s) / (2 * p.decel), commitDist = brakeDist + 2 * s * dt + 2;
      // No room to clear the box holds a vehicle from its commitment distance on, for every control.
      // One that commits only at the line (AIM) can be let go while it still had room and find the
      // out-lane full only once it cannot stop comfortably: it then goes in and waits in the box as
      // a committed vehicle would. (Judged only at the line, the full out-lane made AIM's vehicles
      // stop from speed within a step, 16.6 → 12.1 → 0 m/s, rear-ended by their followers, or crawl
      // into the box after their slot: its contacts at 15×15 and 30×30.)
      const entersWithoutRoom = !this.control.commitEarly && brakeDist > dStop - 0.5;
      if (!room && !entersWithoutRoom && dStop <= commitDist) allowed = false;
      else if ((this.control.commitEarly && dStop <= commitDist) || x + vn * dt > L) {
        if ((room || entersWithoutRoom) && this.control.mayEnter(this, v, m, dStop, true)) {
          if (this.boxMove[v] >= 0) this.releaseBox(v, this.boxMove[v]); // short link: still in the last box
          this.box[net.moveJunction[m]].push(v, m);
          this.boxMove[v] = m;
          this.inBox.push(v);
          return vn;
        }
        allowed = false;
      }
      if (allowed) return vn; // may go, and is not yet at its commitment point
    }
    // Held: the stop line is a standing obstacle (gap net of minGap is dStop itself).
    let vn = cf.stopSpeed(s, Math.max(0, dStop - 0.01), des, dt);
    if (x + vn * dt > L) {
      vn = Math.max(0, dStop / dt);
      this.stats.forced_stops++;
    }
    return vn;
  }

  private execute(): void {
    const net = this.net, dt = this.dt, pos = this.pos, speed = this.speed, vNext = this.vNext;
    let maxStopped = this.stats.max_stopped_s;
    for (let l = 0; l < net.laneCount; l++) {
      const q = this.laneQ[l];
      for (let k = 0; k < q.length; k++) {
        const v = q[k], vn = vNext[v];
        speed[v] = vn;
        pos[v] += vn * dt;
        if (vn < 0.1) {
          this.waitingS[v] += dt;
          const w = (this.stoppedS[v] += dt);
          if (w > maxStopped) maxStopped = w;
          if (w >= this.stuckAfter && !this.stuckFlag[v]) { this.stuckFlag[v] = 1; this.stats.stuck++; }
        } else this.stoppedS[v] = 0;
      }
    }
    this.stats.max_stopped_s = maxStopped;
    // Transfers: front vehicles past their stop line move on (lane order, then front first).
    for (let l = 0; l < net.laneCount; l++) {
      const q = this.laneQ[l];
      const L = net.laneLength[l];
      while (q.length && pos[q[0]] > L) {
        const v = q.shift()!;
        const m = this.nextMove[v];
        if (m === WRONG_LANE) { pos[v] = L; q.unshift(v); break; } // held at the line (a forced stop)
        if (m < 0) { this.arrive(v); continue; }
        const ol = net.moveOutLane[m];
        this.onCross?.(v, m, this.time);
        pos[v] = pos[v] - L - net.moveLength[m];
        this.lane[v] = ol;
        ++this.routeIdx[v];
        this.nextMove[v] = nextMoveFrom(this, v, ol);
        this.insertSorted(ol, v);
      }
    }
    // Box exits: a vehicle leaves the box when its rear clears the out-lane's start.
    const ib = this.inBox;
    let w = 0;
    for (let i = 0; i < ib.length; i++) {
      const v = ib[i], m = this.boxMove[v];
      if (!this.alive[v] || m < 0) continue; // arrived or released already
      if (this.lane[v] === net.moveInLane[m]) { ib[w++] = v; continue; } // committed, still approaching
      if (this.lane[v] !== net.moveOutLane[m] || pos[v] - this.length[v] >= 0) { this.releaseBox(v, m); continue; }
      ib[w++] = v;
    }
    ib.length = w;
  }

  private releaseBox(v: number, m: number): void {
    const b = this.box[this.net.moveJunction[m]];
    for (let i = 0; i < b.length; i += 2) if (b[i] === v) { b.splice(i, 2); break; }
    this.boxMove[v] = -1;
    this.control.released?.(v, m);
  }

  private insertSorted(l: number, v: number): void {
    const q = this.laneQ[l], x = this.pos[v];
    let i = q.length;
    while (i > 0 && this.pos[q[i - 1]] < x) i--;
    if (i === q.length) q.push(v);
    else q.splice(i, 0, v);
  }

  private arrive(v: number): void {
    const trip = this.tripOf[v];
    if (this.boxMove[v] >= 0) this.releaseBox(v, this.boxMove[v]);
    this.alive[v] = 0;
    this.free.push(v);
    this.stats.arrived++;
    this.travelSum += this.time + this.dt - this.departS[v];
    this.stats.mean_travel_time_s = this.travelSum / this.stats.arrived;
    this.onArrive?.(trip, v, this.time + this.dt);
    this.trips.release(trip);
  }

  private insertDue(): void {
    const tNext = this.time + this.dt;
    const p = this.trips.pending, book = this.trips;
    let n = 0;
    while (n < p.length && book.depart[p[n]] < tNext - 1e-9) {
      const t = p[n++];
      this.waiting[book.routeBuf[book.routeOff[t]]].push(t);
      this.waitingCount++;
    }
    if (n) p.splice(0, n);
    if (this.waitingCount === 0) return;
    for (let k = 0; k < this.net.linkCount; k++) {
      const wq = this.waiting[k];
      while (wq.length && this.tryInsert(wq[0], k)) { wq.shift(); this.waitingCount--; }
    }
  }

  /** Inserts trip t at the start of link k, at rest, on the lane with most room; false if none fits. */
  private tryInsert(t: number, k: number): boolean {
    const net = this.net, book = this.trips, p = this.models[book.type[t]].type;
    const next = book.routeLen[t] > 1 ? book.routeBuf[book.routeOff[t] + 1] : -1;
    const fixed = book.departLane[t];
    let best = -1, bestRoom = -Infinity, bestReaches = false;
    for (let i = fixed >= 0 ? fixed : 0; i < (fixed >= 0 ? fixed + 1 : net.linkLanes[k]); i++) {
      const l = net.linkFirstLane[k] + i, q = this.laneQ[l];
      const room = q.length ? this.pos[q[q.length - 1]] - this.length[q[q.length - 1]] - p.length - p.minGap : net.laneLength[l];
      const reaches = next < 0 || net.moveTo(l, next) >= 0;
      if (room < 0) continue;
      if ((reaches && !bestReaches) || (reaches === bestReaches && room > bestRoom + 1e-9)) { bestRoom = room; best = l; bestReaches = reaches; }
    }
    if (best < 0) return false;
    if (this.free.length === 0) this.grow(this.cap * 2);
    const v = this.free.pop()!;
    this.alive[v] = 1;
    this.stuckFlag[v] = 0;
    this.type[v] = book.type[t];
    this.length[v] = p.length;
    this.accel[v] = p.accel;
    this.decel[v] = p.decel;
    this.pos[v] = Math.min(p.length, net.laneLength[best]);
    this.speed[v] = 0;
    this.vNext[v] = 0;
    this.stoppedS[v] = 0;
    this.waitingS[v] = 0;
    this.lane[v] = best;
    this.routeOff[v] = book.routeOff[t];
    this.routeLen[v] = book.routeLen[t];
    this.routeIdx[v] = 0;
    this.boxMove[v] = -1;
    this.tripOf[v] = t;
    this.departS[v] = this.time + this.dt;
    this.nextMove[v] = nextMoveFrom(this, v, best);
    this.insertSorted(best, v);
    this.stats.inserted++;
    this.onInsert?.(t, v);
    return true;
  }

  // ---- checks (independent of the step; used by tests and the benchmark) ----

  /** Collisions right now (ground/collisions.ts). */
  countCollisions(): number {
    return countCollisions(this);
  }

  /** Position (x, y) of vehicle v in the local frame. */
  positionOf(v: number, out: Float64Array | number[]): void {
    const m = this.boxMove[v];
    if (m >= 0 && this.lane[v] === this.net.moveOutLane[m] && this.pos[v] < 0) this.net.pointOnMove(m, this.net.moveLength[m] + this.pos[v], out);
    else this.net.pointOnLane(this.lane[v], Math.max(0, this.pos[v]), out);
  }

  isAlive(v: number): boolean {
    return this.alive[v] === 1;
  }

  get capacity(): number {
    return this.cap;
  }

  /** True when every trip has been inserted and has arrived. */
  get done(): boolean {
    return this.trips.pending.length === 0 && this.waitingCount === 0 && this.running === 0;
  }
}
