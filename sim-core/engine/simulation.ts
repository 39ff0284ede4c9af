import { CLASS_COUNT, CLASS_GROUND, type World } from '../scenario/compile.ts';
import { AgentStore, PHASE_FREE, PHASE_HOLDING, PHASE_MOVING, PHASE_TURNAROUND } from '../world/agents.ts';
import { RngStreams, type Uniform } from '../world/rng.ts';
import { StateHasher } from '../world/hash.ts';
import { PadManager } from '../airspace/pads.ts';
import { segmentHitsRing } from '../airspace/geometry.ts';
import { WP_STRIDE, WP_VLEG, WP_VPASS, WP_X, WP_Y, WP_Z } from '../routing/waypoints.ts';
import { GeofenceGrids } from '../routing/geofence-grid.ts';
import { POLICIES, type RoutingContext, type RoutingPolicy } from '../routing/policies/index.ts';
import { StrategicPlanner, type TripRequest } from '../deconfliction/strategic/planner.ts';
import { waypointTimes } from '../deconfliction/strategic/timing.ts';
import { TacticalMonitor } from './tactical.ts';
import { powerWatts } from '../vehicles/energy.ts';
import { ClassMetrics } from '../metrics/metrics.ts';
import {
  EVENT_ARRIVE, EVENT_DESPAWN, EVENT_GEOFENCE_ROUTE, EVENT_HOLD_END, EVENT_HOLD_START, EVENT_REJECT, EVENT_SPAWN, EventLog,
} from '../metrics/events.ts';
import { DemandGenerator } from './demand.ts';
import { GroundTraffic } from '../ground/traffic.ts';
import { JUNCTION_CONTROLS } from '../ground/junctions/index.ts';
import { ReplayWriter } from '../replay/writer.ts';
import { staticLayersOf } from '../replay/layers.ts';

const TWO_PI = Math.PI * 2;
/** Tolerances: an agent is "at" a waypoint within these. */
const AT_WAYPOINT_M = 0.01;
const AT_ALTITUDE_M = 0.05;
/** Vertical controller time constant (s): commanded climb = altitude error / this. */
const VERTICAL_TAU_S = 1;
/** Below this ground speed a rotorcraft yaws freely (hover turn); above it the turn rate applies. */
export const HOVER_YAW_MPS = 0.5;
/** Class priority when `strategic.priorities` is on: higher plans first within a tick. */
const CLASS_PRIORITY = [1, 2, 0];

const wrapPi = (a: number) => {
  a %= TWO_PI;
  return a > Math.PI ? a - TWO_PI : a < -Math.PI ? a + TWO_PI : a;
};

/** A planned trip waiting for its (possibly delayed) departure. */
interface Departure {
  departTick: number;
  seq: number;
  flow: number;
  route: Float64Array;
  delayTicks: number;
}

export interface SimulationOptions {
  /** Record a replay (default true). */
  record?: boolean;
  /** Keep every accepted 4D volume for the independent checker (tests). */
  keepIntents?: boolean;
}

/**
 * The engine: one World, one seed, integer ticks of fixed dt. State lives in `agents` (columns);
 * `step()` runs one tick of demand → planning → departures → pads → motion → arrivals →
 * recording.
 */
export class Simulation {
  readonly agents = new AgentStore(1024);
  readonly metrics = new ClassMetrics();
  readonly events = new EventLog();
  readonly pads: PadManager;
  readonly planner: StrategicPlanner;
  readonly routing: RoutingContext;
  readonly policies: RoutingPolicy[];
  tick = 0;
  /** Route of each slot (WP_STRIDE numbers per waypoint); shared by agents of a road flow. */
  readonly routes: (Float64Array | null)[] = [];
  private readonly demand: DemandGenerator;
  private readonly destStreams: Uniform[];
  /** Per agent id (ids are given in departure order): class, flow, spawn and arrival ticks. */
  private idCls = new Uint8Array(1024);
  private idFlow = new Int32Array(1024);
  private idSpawn = new Int32Array(1024);
  private idArrive = new Int32Array(1024);
  nextId = 0;
  /** Trips requested so far (accepted or not). */
  nextTrip = 0;
  private readonly pending: Departure[] = [];
  private readonly batch: TripRequest[] = [];
  private readonly batchFlow: number[] = [];
  /** Ground delay of every accepted air trip, per class, in seconds. */
  readonly delays: number[][] = [[], [], []];
  readonly recorder: ReplayWriter | null;
  readonly tactical: TacticalMonitor;
  private readonly grantPad = (slot: number, pad: number) => this.onPadGranted(slot, pad);
  /** Lane-level ground traffic (null when the scenario drives ground vehicles alone). */
  readonly ground: GroundTraffic | null;
  /** Agent slot of each ground trip, and of each ground vehicle slot (−1 when free). */
  private groundTripSlot: number[] = [];
  private groundVehSlot: number[] = [];
  private readonly groundXY = new Float64Array(2);

  constructor(readonly world: World, readonly seed: number, options: SimulationOptions = {}) {
    const rng = new RngStreams(seed);
    this.pads = new PadManager(world.vertiports);
    this.demand = new DemandGenerator(world, rng);
    this.destStreams = world.flows.map((f, i) => rng.stream(`destination:${i}:${f.name}`));
    this.routing = { world, network: world.airNetwork, grids: new GeofenceGrids(world), layers: world.layers };
    this.policies = world.policyNames.map((n) => POLICIES[n] ?? POLICIES['full-mix']);
    this.planner = new StrategicPlanner(world, this.routing, world.strategic, options.keepIntents ?? false);
    this.recorder = options.record === false ? null : new ReplayWriter(
      { seed, dt: world.dt, ticksPerFrame: world.recordEveryTicks, originLat: world.scenario.origin.lat, originLon: world.scenario.origin.lon, scenarioHash: world.scenarioHash },
      staticLayersOf(world),
    );
    this.recorder?.addFrame(0, this.agents);
    this.tactical = new TacticalMonitor(this);
    this.ground = null;
    if (world.roadNetwork) {
      const c = world.classes[CLASS_GROUND], g = world.ground;
      const idm = { accel: c.accelMps2, decel: c.decelMps2, tau: g.tau_s, minGap: g.min_gap_m, delta: g.delta, length: g.length_m, v0: c.maxMps, emergencyDecel: 9 };
      this.ground = new GroundTraffic(world.roadNetwork, JUNCTION_CONTROLS[g.junction_control](world.roadNetwork), [idm], { dt: world.dt, capacity: 256 });
      this.ground.onInsert = (trip, v) => { this.groundVehSlot[v] = this.groundTripSlot[trip]; };
      this.ground.onArrive = (_trip, v) => {
        const slot = this.groundVehSlot[v];
        this.groundVehSlot[v] = -1;
        // Stops at the stop line of its last link: the kerb of the destination junction.
        const g = this.ground!, lane = g.lane[v];
        g.net.pointOnLane(lane, g.net.laneLength[lane], this.groundXY);
        this.agents.gs[slot] = 0;
        this.agents.x[slot] = this.groundXY[0];
        this.agents.y[slot] = this.groundXY[1];
        this.arrive(slot);
      };
    }
  }

  /** Simulated seconds since the start. */
  get timeS(): number {
    return this.tick * this.world.dt;
  }

  /** Runs `ticks` ticks; `onProgress(done)` is called every `every` ticks. */
  run(ticks: number, onProgress?: (done: number) => void, every = 200): void {
    for (let i = 0; i < ticks; i++) {
      this.step();
      if (onProgress && (i + 1) % every === 0) onProgress(i + 1);
    }
    onProgress?.(ticks);
  }

  step(): void {
    this.requestDue();
    this.departDue();
    for (let v = 0; v < this.world.vertiports.length; v++) this.pads.serveQueue(v, this.tick, this.grantPad);
    this.tactical.maybeRun();
    this.moveAll();
    if (this.ground) this.stepGround();
    this.tick++;
    if (this.tick % 600 === 0) this.planner.expire(this.tick);
    if (this.recorder && this.tick % this.world.recordEveryTicks === 0) this.recorder.addFrame(this.tick, this.agents);
  }

  // ---- demand and planning ------------------------------------------------------------------

  private requestDue(): void {
    const now = this.tick * this.world.dt;
    const next = this.demand.nextTimeS;
    for (let f = 0; f < next.length; f++) {
      while (next[f] <= now) {
        this.request(f);
        this.demand.consume(f);
      }
    }
    if (this.batch.length) {
      // Priority planning: by class priority, then request order (a total order).
      const order = this.batch.map((_, i) => i).sort((i, j) => CLASS_PRIORITY[this.batch[j].cls] - CLASS_PRIORITY[this.batch[i].cls] || this.batch[i].trip - this.batch[j].trip);
      for (const i of order) this.plan(this.batch[i], this.batchFlow[i]);
      this.batch.length = 0;
      this.batchFlow.length = 0;
    }
  }

  /** A trip of flow `f` is requested now: road trips leave at once, air trips are planned. */
  private request(f: number): void {
    const flow = this.world.flows[f];
    const trip = this.nextTrip++;
    if (flow.staticRoute) {
      this.enqueue({ departTick: this.tick, seq: trip, flow: f, route: flow.staticRoute, delayTicks: 0 });
      return;
    }
    const origin = this.world.vertiports[flow.from];
    let bx: number, by: number;
    if (flow.toZone >= 0) {
      const pts = this.world.zones[flow.toZone].deliveryPoints;
      const k = Math.floor(this.destStreams[f]() * (pts.length / 2));
      bx = pts[2 * k];
      by = pts[2 * k + 1];
    } else {
      bx = this.world.vertiports[flow.toVertiport].x;
      by = this.world.vertiports[flow.toVertiport].y;
    }
    const req: TripRequest = {
      trip, cls: flow.cls, ax: origin.x, ay: origin.y, bx, by, fromVertiport: flow.from, destVertiport: flow.toVertiport,
      requestTick: this.tick, policy: this.policies[flow.cls],
    };
    if (this.world.strategic.priorities && this.world.strategic.enabled) {
      this.batch.push(req);
      this.batchFlow.push(f);
    } else this.plan(req, f);
  }

  private plan(req: TripRequest, f: number): void {
    const out = this.planner.plan(req);
    if (!out.accepted || !out.route) {
      this.metrics.rejected[req.cls]++;
      this.events.push(this.tick, EVENT_REJECT, req.trip, f, 0);
      return;
    }
    const delay = out.departTick - req.requestTick;
    this.delays[req.cls].push(delay * this.world.dt);
    if (this.routeCrossesGeofence(out.route)) {
      this.metrics.geofenceRoutes[req.cls]++;
      this.events.push(this.tick, EVENT_GEOFENCE_ROUTE, req.trip, f, 0);
    }
    this.enqueue({ departTick: out.departTick, seq: req.trip, flow: f, route: out.route, delayTicks: delay });
  }

  /** Inserts into the departure queue, ordered by (departure tick, request order). */
  private enqueue(d: Departure): void {
    const q = this.pending;
    let lo = 0, hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (q[mid].departTick < d.departTick || (q[mid].departTick === d.departTick && q[mid].seq < d.seq)) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, d);
  }

  private departDue(): void {
    const q = this.pending;
    let n = 0;
    while (n < q.length && q[n].departTick <= this.tick) this.spawn(q[n++]);
    if (n) q.splice(0, n);
  }

  /** Does any leg cross a geofence that applies at its altitude now? (should not, with avoidance) */
  private routeCrossesGeofence(route: Float64Array): boolean {
    const tod = (this.world.startTimeS + this.timeS) % 86400;
    for (let p = WP_STRIDE; p < route.length; p += WP_STRIDE) {
      const ax = route[p - WP_STRIDE], ay = route[p - WP_STRIDE + 1], bx = route[p], by = route[p + 1];
      const z = Math.max(route[p - WP_STRIDE + 2], route[p + 2]);
      if (ax === bx && ay === by) continue;
      const hits = this.world.geofenceIndex.search({ minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by) });
      for (const h of hits) {
        const g = this.world.geofences[h.index];
        if (z < g.floorM || z > g.ceilingM || tod < g.activeFromS || tod >= g.activeToS) continue;
        if (segmentHitsRing(g.ring, ax, ay, bx, by)) return true;
      }
    }
    return false;
  }

  private spawn(d: Departure): void {
    const flow = this.world.flows[d.flow];
    const a = this.agents;
    const slot = a.allocate();
    const id = this.nextId++;
    if (id >= this.idCls.length) this.growIdTable();
    const cls = flow.cls;
    const w = d.route;
    this.routes[slot] = w;
    a.phase[slot] = PHASE_MOVING;
    a.cls[slot] = cls;
    a.id[slot] = id;
    a.flow[slot] = d.flow;
    a.spawnTick[slot] = this.tick;
    a.arriveTick[slot] = -1;
    a.x[slot] = w[WP_X];
    a.y[slot] = w[WP_Y];
    a.z[slot] = w[WP_Z];
    a.gs[slot] = 0;
    a.vz[slot] = 0;
    a.trk[slot] = initialTrack(w);
    a.wpCount[slot] = w.length / WP_STRIDE;
    a.wpIdx[slot] = 1;
    a.destVertiport[slot] = flow.toVertiport;
    a.pad[slot] = -1;
    a.holdSince[slot] = -1;
    a.distanceM[slot] = 0;
    a.resoActive[slot] = 0;
    a.plannedLengthM[slot] = routeLength(w);
    if (this.ground && flow.groundRoute) {
      // Enters the lane-level network at the start of its first link when there is room.
      this.groundTripSlot[this.ground.addTrip(this.timeS, flow.groundRoute, 0)] = slot;
    }
    a.plannedTimeS[slot] = cls === CLASS_GROUND ? 0 : waypointTimes(w, this.world.classes[cls])[a.wpCount[slot] - 1];
    this.idCls[id] = cls;
    this.idFlow[id] = d.flow;
    this.idSpawn[id] = this.tick;
    this.idArrive[id] = -1;
    const m = this.metrics;
    m.spawned[cls]++;
    m.active[cls]++;
    if (m.active[cls] > m.peakActive[cls]) m.peakActive[cls] = m.active[cls];
    this.events.push(this.tick, EVENT_SPAWN, id, d.flow, d.delayTicks * this.world.dt);
  }

  private growIdTable(): void {
    const n = this.idCls.length * 2;
    const grow = <T extends Uint8Array | Int32Array>(old: T, next: T) => (next.set(old), next);
    this.idCls = grow(this.idCls, new Uint8Array(n));
    this.idFlow = grow(this.idFlow, new Int32Array(n));
    this.idSpawn = grow(this.idSpawn, new Int32Array(n));
    this.idArrive = grow(this.idArrive, new Int32Array(n));
  }

  // ---- pads ---------------------------------------------------------------------------------

  private onPadGranted(slot: number, pad: number): void {
    const a = this.agents;
    a.pad[slot] = pad;
    a.phase[slot] = PHASE_MOVING;
    const held = this.tick - a.holdSince[slot];
    this.metrics.holdTicks[a.cls[slot]] += held;
    a.holdSince[slot] = -1;
    this.events.push(this.tick, EVENT_HOLD_END, a.id[slot], a.destVertiport[slot], held * this.world.dt);
  }

  // ---- motion -------------------------------------------------------------------------------

  private moveAll(): void {
    const a = this.agents;
    const dt = this.world.dt;
    const classes = this.world.classes;
    const m = this.metrics;
    for (let s = 0; s < a.highWater; s++) {
      const phase = a.phase[s];
      if (phase === PHASE_FREE) continue;
      const cls = a.cls[s];
      const c = classes[cls];
      if (phase === PHASE_MOVING) {
        if (cls === CLASS_GROUND) {
          if (!this.ground) this.drive(s); // else the network moves it, below
        } else this.fly(s);
      } else if (phase === PHASE_HOLDING) {
        // Hover in place while waiting for a pad: shed speed within the envelope.
        const gs = a.gs[s] - c.accelMps2 * dt;
        const step = (gs > 0 ? gs : 0) * dt;
        a.gs[s] = gs > 0 ? gs : 0;
        a.x[s] += Math.sin(a.trk[s]) * step;
        a.y[s] += Math.cos(a.trk[s]) * step;
        a.distanceM[s] += step;
        m.distanceM[cls] += step;
      } else if (phase === PHASE_TURNAROUND) {
        if (this.tick >= a.arriveTick[s] + this.world.vertiports[a.destVertiport[s]].turnaroundTicks) this.despawn(s);
        continue;
      }
      if (a.phase[s] !== PHASE_FREE) {
        const airborne = cls !== CLASS_GROUND && a.phase[s] !== PHASE_TURNAROUND;
        m.energyJ[cls] += powerWatts(c.energy, a.gs[s], a.vz[s], airborne) * dt;
      }
    }
  }

  /** One step of the lane-level ground traffic; copies positions and speeds into the agent columns. */
  private stepGround(): void {
    const g = this.ground!, a = this.agents, xy = this.groundXY;
    g.step();
    const vs = this.groundVehSlot;
    for (let v = 0; v < vs.length; v++) {
      const s = vs[v];
      if (s === undefined || s < 0 || !g.isAlive(v)) continue;
      g.positionOf(v, xy);
      const dx = xy[0] - a.x[s], dy = xy[1] - a.y[s];
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d > 1e-6) a.trk[s] = Math.atan2(dx, dy);
      a.x[s] = xy[0];
      a.y[s] = xy[1];
      a.gs[s] = g.speed[v];
      a.distanceM[s] += d;
      this.metrics.distanceM[CLASS_GROUND] += d;
    }
  }

  /** One tick of flight along the route: turn-rate-limited track, speed and vertical controllers. */
  private fly(s: number): void {
    const a = this.agents;
    const w = this.routes[s]!;
    const c = this.world.classes[a.cls[s]];
    const dt = this.world.dt;
    const p = a.wpIdx[s] * WP_STRIDE;
    const tx = w[p + WP_X], ty = w[p + WP_Y], tz = w[p + WP_Z];
    const vleg = w[p + WP_VLEG], vpass = w[p + WP_VPASS];
    const x = a.x[s], y = a.y[s], z = a.z[s];
    const dx = tx - x, dy = ty - y;
    const dH = Math.sqrt(dx * dx + dy * dy);

    // Horizontal: turn toward the waypoint, then pick a speed that can still slow to vpass;
    // while a tactical resolution holds, follow its commanded velocity instead.
    let gs = a.gs[s];
    let target = 0;
    if (a.resoActive[s] && this.tick >= a.resoUntil[s]) a.resoActive[s] = 0;
    if (a.resoActive[s]) {
      turnToward(a.trk, s, Math.atan2(a.resoVx[s], a.resoVy[s]), gs, c.turnRateRps * dt);
      target = Math.sqrt(a.resoVx[s] * a.resoVx[s] + a.resoVy[s] * a.resoVy[s]);
    } else if (dH > AT_WAYPOINT_M) {
      const bearing = Math.atan2(dx, dy);
      const trk = turnToward(a.trk, s, bearing, gs, c.turnRateRps * dt);
      const cosErr = Math.cos(wrapPi(bearing - trk));
      if (cosErr > 0) {
        const brake = Math.sqrt(vpass * vpass + 2 * c.decelMps2 * dH);
        target = (vleg < brake ? vleg : brake) * cosErr;
      }
    }
    const dv = target - gs;
    const maxDv = c.accelMps2 * dt;
    gs += dv > maxDv ? maxDv : dv < -maxDv ? -maxDv : dv;
    if (gs > c.maxMps) gs = c.maxMps;
    if (gs < 0) gs = 0;
    a.gs[s] = gs;

    // Vertical: proportional to the altitude error, within climb/descent rates and able to stop.
    const dz = tz - z;
    let vzt = dz / VERTICAL_TAU_S;
    const stop = Math.sqrt(2 * c.verticalAccelMps2 * Math.abs(dz));
    if (vzt > stop) vzt = stop;
    if (vzt < -stop) vzt = -stop;
    if (vzt > c.climbMps) vzt = c.climbMps;
    if (vzt < -c.descentMps) vzt = -c.descentMps;
    let vz = a.vz[s];
    const dvz = vzt - vz;
    const maxDvz = c.verticalAccelMps2 * dt;
    vz += dvz > maxDvz ? maxDvz : dvz < -maxDvz ? -maxDvz : dvz;
    if (vz > c.climbMps) vz = c.climbMps;
    if (vz < -c.descentMps) vz = -c.descentMps;

    // Integrate; never overshoot the waypoint (snap when this step would reach it).
    const step = gs * dt;
    let reachedH: boolean;
    if (step >= dH && !a.resoActive[s]) {
      a.x[s] = tx;
      a.y[s] = ty;
      reachedH = true;
    } else {
      a.x[s] = x + Math.sin(a.trk[s]) * step;
      a.y[s] = y + Math.cos(a.trk[s]) * step;
      reachedH = false;
    }
    const moved = step < dH ? step : dH;
    let nz = z + vz * dt;
    if ((dz >= 0 && nz >= tz) || (dz <= 0 && nz <= tz)) {
      nz = tz;
      vz = 0;
    }
    if (nz < 0) nz = 0;
    a.z[s] = nz;
    a.vz[s] = vz;
    const travelled = Math.sqrt(moved * moved + (nz - z) * (nz - z));
    a.distanceM[s] += travelled;
    this.metrics.distanceM[a.cls[s]] += travelled;

    const reachedV = vpass > 0 || Math.abs(tz - nz) < AT_ALTITUDE_M;
    if (reachedH && reachedV) {
      a.z[s] = vpass > 0 ? nz : tz;
      this.advance(s);
    }
  }

  /** One tick of driving: 1-D motion along the road polyline, braking ahead for corners and the stop. */
  private drive(s: number): void {
    const a = this.agents;
    const w = this.routes[s]!;
    const c = this.world.classes[a.cls[s]];
    const dt = this.world.dt;
    const base = 0;
    const count = a.wpCount[s];
    let idx = a.wpIdx[s];
    let gs = a.gs[s];

    // Speed target: the leg limit, and whatever lets us slow to each upcoming pass speed in time.
    let x = a.x[s], y = a.y[s];
    let p = base + idx * WP_STRIDE;
    let target = w[p + WP_VLEG];
    const brakingReach = (gs * gs) / (2 * c.decelMps2) + gs * dt + 1;
    let ahead = Math.hypot(w[p + WP_X] - x, w[p + WP_Y] - y);
    for (let k = idx; k < count; k++) {
      const q = base + k * WP_STRIDE;
      if (k > idx) ahead += Math.hypot(w[q + WP_X] - w[q - WP_STRIDE + WP_X], w[q + WP_Y] - w[q - WP_STRIDE + WP_Y]);
      const vpass = w[q + WP_VPASS];
      const limit = Math.sqrt(vpass * vpass + 2 * c.decelMps2 * ahead);
      if (limit < target) target = limit;
      if (ahead > brakingReach) break;
    }
    const dv = target - gs;
    gs += dv > 0 ? Math.min(dv, c.accelMps2 * dt) : Math.max(dv, -2 * c.decelMps2 * dt);
    if (gs > c.maxMps) gs = c.maxMps;
    if (gs < 0) gs = 0;
    a.gs[s] = gs;

    // Move along the polyline, possibly past several short segments in one tick.
    let move = gs * dt;
    const travelled = move;
    while (move > 0 && idx < count) {
      p = base + idx * WP_STRIDE;
      const dx = w[p + WP_X] - x, dy = w[p + WP_Y] - y;
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d > 1e-9) a.trk[s] = Math.atan2(dx, dy);
      if (move >= d) {
        x = w[p + WP_X];
        y = w[p + WP_Y];
        move -= d;
        idx++;
      } else {
        x += (dx / d) * move;
        y += (dy / d) * move;
        move = 0;
      }
    }
    a.x[s] = x;
    a.y[s] = y;
    a.distanceM[s] += travelled - move;
    this.metrics.distanceM[a.cls[s]] += travelled - move;
    // Reaching the last waypoint happens only at (near) zero speed thanks to the braking target.
    const last = base + (count - 1) * WP_STRIDE;
    if (idx >= count || (gs === 0 && target < 1e-6 && Math.hypot(w[last] - x, w[last + 1] - y) < AT_WAYPOINT_M)) {
      a.x[s] = w[last + WP_X];
      a.y[s] = w[last + WP_Y];
      a.wpIdx[s] = count - 1;
      this.arrive(s);
    } else a.wpIdx[s] = idx;
  }

  /** The agent is at its current waypoint: move to the next, reserving a pad before the descent. */
  private advance(s: number): void {
    const a = this.agents;
    const next = a.wpIdx[s] + 1;
    if (next >= a.wpCount[s]) {
      this.arrive(s);
      return;
    }
    a.wpIdx[s] = next;
    const v = a.destVertiport[s];
    if (next === a.wpCount[s] - 1 && v >= 0 && a.pad[s] < 0) {
      const pad = this.pads.tryReserve(v, this.tick);
      if (pad >= 0) a.pad[s] = pad;
      else {
        a.phase[s] = PHASE_HOLDING;
        a.holdSince[s] = this.tick;
        this.pads.enqueue(v, s);
        this.metrics.holds[a.cls[s]]++;
        this.events.push(this.tick, EVENT_HOLD_START, a.id[s], v, 0);
      }
    }
  }

  private arrive(s: number): void {
    const a = this.agents;
    const cls = a.cls[s];
    a.arriveTick[s] = this.tick;
    a.gs[s] = 0;
    a.vz[s] = 0;
    this.idArrive[a.id[s]] = this.tick;
    this.metrics.completed[cls]++;
    this.metrics.tripTicks[cls] += this.tick - a.spawnTick[s];
    if (cls !== CLASS_GROUND) {
      this.metrics.extraDistanceM[cls] += a.distanceM[s] - a.plannedLengthM[s];
      this.metrics.extraTimeS[cls] += (this.tick - a.spawnTick[s]) * this.world.dt - a.plannedTimeS[s];
      this.metrics.resolvedTrips[cls]++;
    }
    this.events.push(this.tick, EVENT_ARRIVE, a.id[s], a.destVertiport[s], (this.tick - a.spawnTick[s]) * this.world.dt);
    if (a.pad[s] >= 0) {
      const v = this.world.vertiports[a.destVertiport[s]];
      this.pads.occupyUntil(a.pad[s], this.tick + v.turnaroundTicks);
      a.phase[s] = PHASE_TURNAROUND;
    } else this.despawn(s);
  }

  private despawn(s: number): void {
    const a = this.agents;
    this.routes[s] = null;
    this.metrics.active[a.cls[s]]--;
    this.metrics.despawned[a.cls[s]]++;
    this.events.push(this.tick, EVENT_DESPAWN, a.id[s], -1, 0);
    a.release(s);
  }

  // ---- outputs ------------------------------------------------------------------------------

  /** A 64-bit hash of the complete engine state: tick, every live agent, counters, demand. */
  stateHash(): string {
    const h = new StateHasher();
    const a = this.agents;
    h.u32(this.tick).u32(this.nextId);
    for (let s = 0; s < a.highWater; s++) {
      if (a.phase[s] === PHASE_FREE) continue;
      h.u32(s).u32(a.id[s]).u32(a.phase[s]).u32(a.wpIdx[s]).u32(a.pad[s]);
      h.f64(a.x[s]).f64(a.y[s]).f64(a.z[s]).f64(a.gs[s]).f64(a.vz[s]).f64(a.trk[s]);
    }
    const m = this.metrics;
    for (const col of [m.spawned, m.completed, m.tripTicks, m.distanceM, m.energyJ, m.holds, m.holdTicks, m.rejected, m.conflicts, m.los]) for (let c = 0; c < CLASS_COUNT; c++) h.f64(col[c]);
    for (const t of this.demand.nextTimeS) h.f64(t);
    h.u32(this.nextTrip).u32(this.pending.length);
    for (const d of this.pending) h.u32(d.departTick).u32(d.seq);
    return h.hex();
  }

  /** The replay file (requires recording to be on). */
  replayBytes(): Uint8Array {
    if (!this.recorder) throw new Error('replay recording is off for this simulation');
    if (this.tick % this.world.recordEveryTicks !== 0) this.recorder.addFrame(this.tick, this.agents);
    const n = this.nextId;
    const bytes = this.recorder.finish(this.tick, this.stateHash(), { count: n, cls: this.idCls, flow: this.idFlow, spawnTick: this.idSpawn, arriveTick: this.idArrive }, this.events.bytes(), this.events.count);
    return bytes;
  }

  /** Has agent `id` reached its destination? */
  hasArrived(id: number): boolean {
    return id < this.nextId && this.idArrive[id] >= 0;
  }

  /** Per-class summary figures (see the README for their definitions). */
  classSummary() {
    const m = this.metrics;
    const dt = this.world.dt;
    return this.world.classes.map((c, i) => ({
      class: c.name,
      spawned: m.spawned[i],
      completed: m.completed[i],
      active_end: m.active[i],
      peak_active: m.peakActive[i],
      flight_time_s: m.completed[i] > 0 ? round((m.tripTicks[i] * dt) / m.completed[i], 2) : 0,
      distance_m: round(m.distanceM[i], 1),
      energy_kwh: round(m.energyJ[i] / 3.6e6, 3),
      energy_kwh_per_km: m.distanceM[i] > 0 ? round(m.energyJ[i] / 3.6e6 / (m.distanceM[i] / 1000), 4) : 0,
      pad_holds: m.holds[i],
      pad_hold_time_s: round(m.holdTicks[i] * dt, 1),
      routes_crossing_geofence: m.geofenceRoutes[i],
      rejected: m.rejected[i],
      delayed: this.delays[i].filter((d) => d > 0).length,
      ground_delay_mean_s: round(mean(this.delays[i]), 2),
      ground_delay_p95_s: round(percentile(this.delays[i], 0.95), 1),
      conflicts: m.conflicts[i],
      los: m.los[i],
      los_time_s: round(m.losSeconds[i], 1),
      resolved_agents: m.resolutions[i],
      extra_distance_m: m.resolvedTrips[i] ? round(m.extraDistanceM[i] / m.resolvedTrips[i], 1) : 0,
      extra_time_s: m.resolvedTrips[i] ? round(m.extraTimeS[i] / m.resolvedTrips[i], 2) : 0,
    }));
  }

  /** Airspace figures for the summary: policies and strategic deconfliction counters. */
  airspaceSummary() {
    const st = this.planner.stats;
    return {
      policies: { drone: this.world.policyNames[0], evtol: this.world.policyNames[1] },
      strategic: { enabled: this.world.strategic.enabled, strategy: this.world.strategic.strategy, priorities: this.world.strategic.priorities, ...st },
      tactical: this.tactical.summary(),
    };
  }

  /** Ground traffic figures for the summary (null when ground vehicles drive alone). */
  groundSummary() {
    const g = this.ground;
    if (!g) return null;
    const st = g.stats;
    return {
      model: 'network', junction_control: g.control.name, inserted: st.inserted, arrived: st.arrived, waiting_to_insert: st.waiting_to_insert,
      lane_changes: st.lane_changes, forced_stops: st.forced_stops, max_stopped_s: st.max_stopped_s, stuck: st.stuck,
      collisions_now: g.countCollisions(), junctions: g.control.stats(),
    };
  }
}

/** Turns track column entry `s` toward `bearing` by at most `maxTurn` (free yaw in hover); returns it. */
function turnToward(trk: Float64Array, s: number, bearing: number, gs: number, maxTurn: number): number {
  let t = trk[s];
  if (gs < HOVER_YAW_MPS) t = bearing;
  else {
    const err = wrapPi(bearing - t);
    t = wrapPi(t + (err > maxTurn ? maxTurn : err < -maxTurn ? -maxTurn : err));
  }
  trk[s] = t;
  return t;
}

function routeLength(w: Float64Array): number {
  let total = 0;
  for (let p = WP_STRIDE; p < w.length; p += WP_STRIDE) total += Math.hypot(w[p] - w[p - WP_STRIDE], w[p + 1] - w[p + 1 - WP_STRIDE], w[p + 2] - w[p + 2 - WP_STRIDE]);
  return total;
}

function mean(v: number[]): number {
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
}

/** Nearest-rank percentile (0 for an empty list). */
function percentile(v: number[], p: number): number {
  if (!v.length) return 0;
  const sorted = [...v].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function initialTrack(w: Float64Array): number {
  for (let p = WP_STRIDE; p < w.length; p += WP_STRIDE) {
    const dx = w[p + WP_X] - w[WP_X];
    const dy = w[p + WP_Y] - w[WP_Y];
    if (dx * dx + dy * dy > 1e-6) return Math.atan2(dx, dy);
  }
  return 0;
}
