import { plannedEnergyJ } from '../../vehicles/trip-energy.ts';
import { chargesAircraft, type StrategicConfig, type World } from '../../world/world.ts';
import type { RoutingContext, RoutingPolicy } from '../../routing/policies/index.ts';
import { WP_STRIDE } from '../../routing/waypoints.ts';
import type { IntentParams, Volume } from './intents.ts';
import { LandingBookings, type LandingWindows } from './landing-bookings.ts';
import { AcceptedIntents } from './accepted-intents.ts';
import { buildVolumes, VolumeList, VOL_STRIDE, V_AX, V_AY, V_BX, V_BY } from './volumes.ts';
import { ReservationGrid, type ReservationIndex } from './reservation-grid.ts';
import { waypointTimes } from './timing.ts';
import { blockedDepartures, earliestFree } from './delay-search.ts';
import { LimitTally, type BlockReason } from './limit-tally.ts';

/**
 * How ground delay is searched; all three accept the same departure (a test compares state hashes):
 *  - `steps` (default): every `delay_step_s` up to `max_delay_s` with the plan's volumes built once
 *    and shifted in time, skipping the steps a blocking volume is known to block as well;
 *  - `landed`: the landed baseline, rebuilding the volumes at every step and testing each step;
 *  - `intervals` (delay-search.ts): the departure intervals each accepted volume blocks, over
 *    windows of 8, 16, 32 ... steps. It is the slower of the two on both stores measured (rbush
 *    slabs and the reservation grid; `npm run bench -- strategic-search`), because it must visit
 *    every volume that meets the plan in the window while `steps` stops at the first blocker.
 */
export type DelaySearch = 'steps' | 'intervals' | 'landed';

export type { StrategicConfig, StrategicStrategy } from '../../world/world.ts';

export type { BlockReason } from './limit-tally.ts';
/** Volumes this close (m) to the origin or destination are its departure or arrival airspace. */
const HUB_RADIUS_M = 2000;

/** A candidate route's 4D volumes and pad booking for a departure at tick 0 (shifted per test). */
interface PreparedPlan {
  rel: VolumeList;
  /** Its destination's pad (and stand) windows (landing-bookings.ts); null for a delivery address. */
  landing: LandingWindows | null;
  /** The volume that blocked the last departure tested (tested first next time). */
  lastBlocker: number;
  /**
   * From the first test (at the request tick, volumes asked in index order): the lowest volume
   * blocking it, −1 none; −2 not known (the test stopped at a full pad, or none was made).
   */
  firstBlocker: number;
}

/**
 * A candidate route while it is planned: the policy's plain array (most candidates are never
 * accepted, and each typed-array copy costs an off-heap allocation); the accepted one is copied
 * into the Float64Array the engine flies.
 */
type Route = ArrayLike<number>;

/** Builds the index of accepted volumes (the engine's grid by default; benchmarks pass the landed rbush store). */
export type ReservationIndexFactory = (rpz: number, dt: number, config: StrategicConfig) => ReservationIndex;

/**
 * How long (ticks) ended reservations are kept: a new plan's first volume starts up to its time
 * buffer before the present, and its pad booking later still; 300 s covers that with room.
 */
export const historyTicks = (config: StrategicConfig, dt: number) => Math.ceil(Math.max(300, config.bufferS + 60) / dt);

/**
 * Space cells of 500 m: on Alatau ×10 for 1 h, planning took 3.9 s with 500 m cells against 4.4 s
 * (250 m), 4.2–4.3 s (1 km) and 5.3–5.8 s (125 m), in two runs (`npm run bench -- strategic-search`
 * compares them). The cell size never changes a plan, only the time to find it.
 */
export const defaultReservationIndex: ReservationIndexFactory = (rpz, dt, config) => new ReservationGrid(rpz, 500, historyTicks(config, dt));

export interface TripRequest {
  trip: number;
  cls: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  /** Origin and destination vertiports (-1: a delivery point). */
  fromVertiport: number;
  destVertiport: number;
  requestTick: number;
  policy: RoutingPolicy;
  /** Non-cooperative: flies its policy's route at once, unseen by strategic deconfliction (no intent). */
  noncooperative?: boolean;
}

export interface PlanOutcome {
  accepted: boolean;
  route: Float64Array | null;
  departTick: number;
  /** Which alternative was used: 0 preferred, else the altitude or route option index. */
  altitudeOption: number;
  routeOption: number;
  reason: string;
}

/**
 * Strategic deconfliction (first come, first served): each plan becomes an operational intent
 * (4D volumes plus a pad booking at its destination vertiport); a plan conflicting with an
 * accepted intent is resolved by the configured strategy: ground delay, another altitude,
 * another route (each falling back to ground delay), or rejection. When disabled, every plan is
 * accepted as is (its intent can still be kept for analysis).
 */
export class StrategicPlanner {
  readonly store: ReservationIndex;
  /** Pads and charging stands booked at the destinations (landing-bookings.ts). */
  readonly bookings: LandingBookings;
  /** Accepted intents (for the tactical layer) and, with keepVolumes, every accepted volume. */
  private readonly accepted: AcceptedIntents;
  /** One-entry memo of energyOf (route object → planned energy, J). */
  private energyRoute: Route | null = null;
  /** One-entry memo of timesOf (route object → expected waypoint times). */
  private timesRoute: Route | null = null;
  private timesVal: Float64Array = new Float64Array(0);
  private energyJ = 0;
  readonly params: IntentParams;
  /** Every accepted volume, when `keepVolumes` (for the independent checker in tests). */
  /** Reused volume lists: one per candidate route of the plan being made. */
  private readonly scratch: VolumeList[] = [];
  /** Per departure lane in the step search: the last departure its last answer said is blocked. */
  private readonly laneBlockedUntil = new Float64Array(64);
  readonly stats = { plans: 0, accepted: 0, rejected: 0, delayed: 0, altitudeChanges: 0, reroutes: 0, volumes: 0, noRoute: 0, noncooperative: 0, delayedForCharge: 0 };
  /** Rejections and delays by reason: in total, per class and per vertiport (limit-tally.ts). */
  readonly limits: LimitTally;

  constructor(private readonly world: World, private readonly ctx: RoutingContext, readonly config: StrategicConfig, private readonly keepVolumes = false, readonly delaySearch: DelaySearch = 'steps', index: ReservationIndexFactory = defaultReservationIndex) {
    const p = world.separation;
    this.params = { rpz: p.rpz, hpz: p.hpz, bufferS: config.bufferS, growth: config.growth, pieceS: config.pieceS, dt: world.dt };
    this.store = index(p.rpz, world.dt, config);
    this.bookings = new LandingBookings(world.vertiports, keepVolumes);
    this.accepted = new AcceptedIntents(world, this.params, keepVolumes);
    this.limits = new LimitTally(world.classes.length);
  }

  private terminals(req: TripRequest): number[] {
    const out: number[] = [];
    for (const v of [req.fromVertiport, req.destVertiport]) {
      if (v >= 0) out.push(this.world.vertiports[v].x, this.world.vertiports[v].y, this.config.terminalRadiusM);
    }
    return out;
  }

  plan(req: TripRequest): PlanOutcome {
    this.stats.plans++;
    this.limits.requested(req.fromVertiport, req.destVertiport);
    const tod = (this.world.startTimeS + req.requestTick * this.world.dt) % 86400;
    const routeFor = (altitudeOption: number, routeOption: number) => {
      const r = req.policy.plan({ cls: req.cls, ax: req.ax, ay: req.ay, bx: req.bx, by: req.by, timeOfDayS: tod, altitudeOption, routeOption }, this.ctx);
      return r;
    };
    const c = this.world.classes[req.cls];
    const base = routeFor(0, 0);
    if (!base) {
      this.stats.rejected++;
      this.stats.noRoute++;
      this.limits.rejected(req.cls, req.fromVertiport, req.destVertiport, 'no route');
      return { accepted: false, route: null, departTick: req.requestTick, altitudeOption: 0, routeOption: 0, reason: 'no route' };
    }
    // A trip the battery cannot fly with its reserve left is not started (cancelled for charge).
    const battery = c.battery;
    if (battery && this.energyOf(base, req) > (battery.departureSoc - battery.reserveFraction) * battery.capacityJ) {
      this.stats.rejected++;
      this.limits.rejected(req.cls, req.fromVertiport, req.destVertiport, 'charge');
      return { accepted: false, route: null, departTick: req.requestTick, altitudeOption: 0, routeOption: 0, reason: 'charge' };
    }
    if (req.noncooperative) {
      this.stats.noncooperative++;
      this.stats.accepted++;
      return { accepted: true, route: new Float64Array(base), departTick: req.requestTick, altitudeOption: 0, routeOption: 0, reason: '' };
    }
    if (!this.config.enabled) {
      if (this.keepVolumes) this.commit(req, base, req.requestTick, false);
      this.stats.accepted++;
      return { accepted: true, route: new Float64Array(base), departTick: req.requestTick, altitudeOption: 0, routeOption: 0, reason: '' };
    }
    // The origin's departure lanes (the policy's first altitude options), then the strategy's
    // alternatives at zero delay (altitude or route), then ground delay on any lane.
    const candidates: { route: Route; alt: number; opt: number }[] = [{ route: base, alt: 0, opt: 0 }];
    const lanesWanted = req.fromVertiport >= 0 ? Math.min(this.world.vertiports[req.fromVertiport].departureLanes, req.policy.altitudeOptions(req.cls, this.ctx)) : 1;
    for (let k = 1; k < lanesWanted; k++) {
      const r = routeFor(k, 0);
      if (r) candidates.push({ route: r, alt: k, opt: 0 });
    }
    const lanes = candidates.length;
    if (this.config.strategy === 'altitude') {
      for (let k = lanesWanted; k < req.policy.altitudeOptions(req.cls, this.ctx); k++) {
        const r = routeFor(k, 0);
        if (r) candidates.push({ route: r, alt: k, opt: 0 });
      }
    } else if (this.config.strategy === 'reroute') {
      for (let k = 1; k < req.policy.routeOptions(req.cls, this.ctx); k++) {
        const r = routeFor(0, k);
        if (r) candidates.push({ route: r, alt: 0, opt: k });
      }
    }
    // Each candidate's volumes are built once (departing at tick 0) and shifted in time per test.
    const plans: PreparedPlan[] = [];
    for (let c = 0; c < candidates.length; c++) {
      const cand = candidates[c];
      if (this.delaySearch === 'landed') {
        if (this.fitsRebuilt(req, cand.route, req.requestTick)) return this.accept(req, cand.route, req.requestTick, cand.alt, cand.opt);
        continue;
      }
      const prep = this.prepare(req, cand.route, c);
      plans.push(prep);
      if (this.fitsAt(prep, req, req.requestTick)) return this.accept(req, cand.route, req.requestTick, cand.alt, cand.opt, prep);
    }
    // What stopped the plan from leaving on request (for the summary's by-reason figures).
    const basePlan = plans[0] ?? this.prepare(req, base, 0);
    const reason = this.blockReason(basePlan, req);
    if (this.config.strategy !== 'reject') {
      const step = Math.max(1, Math.round(this.config.delayStepS / this.world.dt));
      const maxTicks = Math.round(this.config.maxDelayS / this.world.dt);
      if (this.delaySearch === 'landed') {
        for (let d = step; d <= maxTicks; d += step) {
          for (let l = 0; l < lanes; l++) {
            if (this.fitsRebuilt(req, candidates[l].route, req.requestTick + d)) return this.acceptDelayed(req, candidates[l].route, req.requestTick + d, reason, l);
          }
        }
      } else if (this.delaySearch === 'steps') {
        // Step by step over every lane, skipping the steps every lane is known to be blocked at,
        // and not asking again about a lane while its last answer still blocks it.
        const known = this.laneBlockedUntil;
        known.fill(-Infinity, 0, lanes);
        for (let d = step; d <= maxTicks; d += step) {
          let until = Infinity;
          const depart = req.requestTick + d;
          for (let l = 0; l < lanes; l++) {
            const u = known[l] >= depart ? known[l] : (known[l] = this.blockedUntil(plans[l], req, depart));
            if (u < depart) return this.acceptDelayed(req, candidates[l].route, depart, reason, l, plans[l]);
            if (u < until) until = u;
          }
          if (until - req.requestTick > d) d += Math.floor((until - req.requestTick - d) / step) * step;
        }
      } else {
        // Each lane's earliest departure; the earliest wins (the preferred lane on a tie).
        let best = -1, bestLane = 0;
        for (let l = 0; l < lanes; l++) {
          const d = this.earliestDelayedDeparture(req, plans[l], step, best >= 0 ? best - req.requestTick : maxTicks);
          if (d >= 0 && (best < 0 || d < best)) { best = d; bestLane = l; }
        }
        if (best >= 0) return this.acceptDelayed(req, candidates[bestLane].route, best, reason, bestLane, plans[bestLane]);
      }
    }
    this.stats.rejected++;
    this.limits.rejected(req.cls, req.fromVertiport, req.destVertiport, reason);
    return { accepted: false, route: null, departTick: req.requestTick, altitudeOption: 0, routeOption: 0, reason };
  }

  /**
   * The destination's pad (and stand) windows for a departure at 0: the pad from the top of
   * descent (where the engine claims it), widened by the time uncertainty at that point of the flight.
   */
  private landing(route: Route, req: TripRequest): LandingWindows {
    const times = this.timesOf(route, req), n = times.length, dt = this.world.dt;
    const buf = Math.ceil((this.config.bufferS + this.config.growth * times[n - 1]) / dt);
    return LandingBookings.windows(this.world.vertiports[req.destVertiport], Math.floor(times[n - 2] / dt), Math.ceil(times[n - 1] / dt), this.chargeTicks(route, req), buf);
  }

  /** Time to recharge what the trip uses, at the destination's charging power (0 without a battery or a charger). */
  private chargeTicks(route: Route, req: TripRequest): number {
    const c = this.world.classes[req.cls], v = this.world.vertiports[req.destVertiport];
    if (!c.battery || !chargesAircraft(v)) return 0;
    return Math.ceil(this.energyOf(route, req) / v.chargingW / this.world.dt);
  }

  /**
   * The planned energy of a route, remembered for the last route asked: one plan asks for its
   * base route's energy several times (battery check, pad booking per delay search, delay reason).
   */
  private energyOf(route: Route, req: TripRequest): number {
    if (route !== this.energyRoute) {
      const c = this.world.classes[req.cls];
      this.energyRoute = route;
      this.energyJ = plannedEnergyJ(route, this.timesOf(route, req), c, this.world.wind);
    }
    return this.energyJ;
  }

  /** Expected waypoint times of a route, remembered for the last route asked (prepare, landing and energyOf ask in turn). */
  private timesOf(route: Route, req: TripRequest): Float64Array {
    if (route !== this.timesRoute) {
      this.timesRoute = route;
      this.timesVal = waypointTimes(route, this.world.classes[req.cls], this.world.wind);
    }
    return this.timesVal;
  }

  /** The first delayed departure (request + m·step, m ≥ 1) that fits, found in one pass; −1 if none. */
  private earliestDelayedDeparture(req: TripRequest, plan: PreparedPlan, step: number, maxTicks: number): number {
    const start = req.requestTick, last = Math.floor(maxTicks / step);
    const dest = req.destVertiport;
    const w = plan.landing;
    const padFree = !w ? () => true : (d: number) => this.bookings.free(dest, d, w);
    // Windows of growing length (8, 16, 32, ... steps): short delays are found with a small query,
    // long ones in a few passes rather than one query per step.
    for (let m0 = 1, len = 8; m0 <= last; m0 += len, len *= 2) {
      const m1 = Math.min(last, m0 + len - 1);
      const blocked = blockedDepartures(this.store, req.trip, plan.rel, start + m0 * step, start + m1 * step);
      const d = earliestFree(blocked, start, step, m0, m1, padFree);
      if (d >= 0) return d;
    }
    return -1;
  }

  private acceptDelayed(req: TripRequest, route: Route, depart: number, reason: BlockReason, lane: number, prep?: PreparedPlan): PlanOutcome {
    this.limits.delayed(req.cls, req.fromVertiport, req.destVertiport, reason, (depart - req.requestTick) * this.world.dt);
    // Delayed for charge: by full charging stands, or (without stands) by a pad booked longer than its turnaround because aircraft charge on it.
    if (reason === 'pad' && req.destVertiport >= 0) {
      const v = this.world.vertiports[req.destVertiport];
      const forCharge = v.stands > 0 ? this.bookings.standsOnlyBlock(req.destVertiport, req.requestTick, prep?.landing ?? this.landing(route, req)) : this.chargeTicks(route, req) > v.turnaroundTicks;
      if (forCharge) this.stats.delayedForCharge++;
    }
    return this.accept(req, route, depart, lane, 0, prep);
  }

  /**
   * What blocks the prepared plan at its request tick: the first blocking volume's place, else the
   * pads. The plan's first test usually found that volume already (`firstBlocker`).
   */
  private blockReason(plan: PreparedPlan, req: TripRequest): BlockReason {
    const d = req.requestTick, rel = plan.rel, v = rel.data;
    let i = plan.firstBlocker;
    if (i === -2) for (i = 0; i < rel.n && this.store.blockedUntil(req.trip, rel, i, d) < d; i++);
    if (i < 0 || i >= rel.n) return 'pad';
    const o = i * VOL_STRIDE, mx = (v[o + V_AX] + v[o + V_BX]) / 2, my = (v[o + V_AY] + v[o + V_BY]) / 2;
    if (Math.hypot(mx - req.ax, my - req.ay) <= HUB_RADIUS_M) return 'departure';
    if (Math.hypot(mx - req.bx, my - req.by) <= HUB_RADIUS_M) return 'arrival';
    return 'en_route';
  }

  /** A candidate route's volumes and pad booking relative to a departure at tick 0. */
  private prepare(req: TripRequest, route: Route, candidate: number): PreparedPlan {
    const times = this.timesOf(route, req);
    const rel = (this.scratch[candidate] ??= new VolumeList());
    rel.clear();
    buildVolumes(rel, route, times, 0, this.params, this.terminals(req));
    return { rel, landing: req.destVertiport >= 0 ? this.landing(route, req) : null, lastBlocker: 0, firstBlocker: -2 };
  }

  /** Does the prepared plan, departing at `depart`, meet no accepted volume and find a free pad? */
  private fitsAt(plan: PreparedPlan, req: TripRequest, depart: number): boolean {
    return this.blockedUntil(plan, req, depart) < depart;
  }

  /**
   * −Infinity when the plan fits departing at `depart`; else a departure tick up to which it
   * certainly does not fit (an accepted volume that blocks it keeps blocking until then; a full pad
   * blocks just this departure).
   */
  private blockedUntil(plan: PreparedPlan, req: TripRequest, depart: number): number {
    // The pad (and stand) first: one cheap look at a few bookings, and when they are full every volume would be asked in vain.
    if (plan.landing) {
      const wait = this.bookings.wait(req.destVertiport, depart, plan.landing);
      if (wait > 0) return depart + wait - 1;
    }
    // The volume that blocked last time first: it usually blocks the next step too (any blocker gives a valid skip).
    // The first test of a plan asks volume 0 first, then the rest in order: it finds the lowest blocker (kept for blockReason).
    const first = plan.lastBlocker, firstTest = plan.firstBlocker === -2;
    if (first < plan.rel.n) {
      const until = this.store.blockedUntil(req.trip, plan.rel, first, depart);
      if (until >= depart) {
        if (firstTest) plan.firstBlocker = first;
        return until;
      }
    }
    for (let i = 0; i < plan.rel.n; i++) {
      if (i === first) continue;
      const until = this.store.blockedUntil(req.trip, plan.rel, i, depart);
      if (until >= depart) {
        plan.lastBlocker = i;
        if (firstTest) plan.firstBlocker = i;
        return until;
      }
    }
    if (firstTest) plan.firstBlocker = -1;
    return -Infinity;
  }

  /** The landed test: volumes and pad booking rebuilt for this departure (the benchmark's baseline). */
  private fitsRebuilt(req: TripRequest, route: Route, depart: number): boolean {
    const times = waypointTimes(route, this.world.classes[req.cls], this.world.wind);
    const vols = new VolumeList();
    buildVolumes(vols, route, times, depart, this.params, this.terminals(req));
    for (let i = 0; i < vols.n; i++) if (this.store.blockedUntil(req.trip, vols, i, 0) >= 0) return false;
    return req.destVertiport < 0 || this.bookings.free(req.destVertiport, depart, this.landing(route, req));
  }

  /** Stores the accepted intent (its volumes prepared for a departure at 0, shifted to `depart`) and books its pad. */
  private commit(req: TripRequest, route: Route, depart: number, index: boolean, prep?: PreparedPlan): void {
    prep ??= this.prepare(req, route, 0);
    const vols = prep.rel;
    if (index) this.store.add(req.trip, vols, depart);
    if (index || this.keepVolumes) this.accepted.add(req.trip, route, req.cls, this.terminals(req), vols, depart, index);
    this.stats.volumes += vols.n;
    if (index && prep.landing) this.bookings.book(req.destVertiport, depart, prep.landing);
  }

  private accept(req: TripRequest, candidate: Route, depart: number, alt: number, opt: number, prep?: PreparedPlan): PlanOutcome {
    const route = new Float64Array(candidate);
    this.commit(req, route, depart, true, prep);
    this.stats.accepted++;
    if (depart > req.requestTick) this.stats.delayed++;
    // A departure lane other than the preferred one, or the altitude strategy's alternative.
    if (alt > 0) this.stats.altitudeChanges++;
    if (opt > 0) this.stats.reroutes++;
    return { accepted: true, route, departTick: depart, altitudeOption: alt, routeOption: opt, reason: '' };
  }

  /** Forget intents whose time is past (called now and then by the engine). */
  expire(tick: number): void {
    this.store.expire(tick);
    this.bookings.expire(tick - historyTicks(this.config, this.world.dt));
    this.accepted.expire(tick);
  }

  /** Every accepted volume as objects (only with keepVolumes: for the independent checker). */
  get kept(): Volume[] {
    return this.accepted.kept;
  }

  /** The accepted, deconflicted operational intent of `trip`, packed (volumes.ts; undefined: none, e.g. deconfliction off). */
  intentOf(trip: number): Float64Array | undefined {
    return this.accepted.of(trip);
  }

  /** Number of waypoints in a route. */
  static waypointCount(route: Float64Array): number {
    return route.length / WP_STRIDE;
  }
}
