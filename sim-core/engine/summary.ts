import type { EngineState } from './state.ts';
import { PHASE_HOLDING, PHASE_MOVING } from '../world/agents.ts';
import { chargesAircraft } from '../world/world.ts';
import { airborneNow } from './systems/safeguards.ts';
import { TIMELINE_INTERVAL_S } from '../metrics/timeline.ts';

/**
 * Every figure a run reports, built in one place from the engine state (definitions in the
 * README). The CLI adds only what the engine cannot know: wall time and output files.
 */

/** Per-class summary figures. */
export function classSummary(st: EngineState) {
  const m = st.metrics;
  const dt = st.world.dt;
  const now = airborneNow(st);
  const airborneTicks = airborneTicksOf(st);
  const waiting = [0, 0, 0];
  for (const d of st.pending) waiting[st.world.flows[d.flow].cls]++;
  return st.world.classes.map((c, i) => ({
    class: c.name,
    requested: m.spawned[i] + waiting[i] + m.rejected[i],
    waiting_to_depart_end: waiting[i],
    spawned: m.spawned[i],
    completed: m.completed[i],
    active_end: m.active[i],
    peak_active: m.peakActive[i],
    airborne_end: i === 2 ? 0 : now.airborne[i],
    overdue: m.overdue[i],
    overdue_airborne_end: now.overdue[i],
    flight_hours: round(((m.tripTicks[i] + airborneTicks[i]) * dt) / 3600, 3),
    flight_time_s: m.completed[i] > 0 ? round((m.tripTicks[i] * dt) / m.completed[i], 2) : 0,
    distance_m: round(m.distanceM[i], 1),
    energy_kwh: round(m.energyJ[i] / 3.6e6, 3),
    energy_kwh_per_km: m.distanceM[i] > 0 ? round(m.energyJ[i] / 3.6e6 / (m.distanceM[i] / 1000), 4) : 0,
    pad_holds: m.holds[i],
    pad_hold_time_s: round(m.holdTicks[i] * dt, 1),
    routes_crossing_geofence: m.geofenceRoutes[i],
    rejected: m.rejected[i],
    delayed: st.delays[i].delayed,
    ground_delay_mean_s: round(st.delays[i].meanS(st.world.dt), 2),
    ground_delay_p95_s: round(st.delays[i].percentileS(0.95, st.world.dt), 1),
    ground_delay_histogram: { upper_edges_s: DELAY_BIN_EDGES_S.map((e) => (Number.isFinite(e) ? e : null)), counts: st.delays[i].histogram(DELAY_BIN_EDGES_S, st.world.dt) },
    rejections_by_reason: { ...st.planner.limits.byClass[i].rejections },
    delay_by_reason: delaysOut(st.planner.limits.byClass[i].delays),
    conflicts: m.conflicts[i],
    los: m.los[i],
    los_time_s: round(m.losSeconds[i], 1),
    resolved_agents: m.resolutions[i],
    extra_distance_m: m.resolvedTrips[i] ? round(m.extraDistanceM[i] / m.resolvedTrips[i], 1) : 0,
    extra_time_s: m.resolvedTrips[i] ? round(m.extraTimeS[i] / m.resolvedTrips[i], 2) : 0,
  }));
}

/** Delays by reason as reported: trips and total delay (whole seconds). */
const delaysOut = (d: Record<string, { trips: number; delay_s: number }>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, { trips: v.trips, delay_s: Math.round(v.delay_s) }]));

/** Ticks flown so far by aircraft not yet arrived (for flight hours: completed trips' ticks plus these). */
function airborneTicksOf(st: EngineState): number[] {
  const a = st.agents, out = [0, 0, 0];
  for (let s = 0; s < a.highWater; s++) {
    const ph = a.phase[s];
    if (ph === PHASE_MOVING || ph === PHASE_HOLDING) out[a.cls[s]] += st.tick - a.spawnTick[s];
  }
  return out;
}

/** Upper edges (s) of the ground-delay histogram's bins: none, up to 1 min, 2, 5, 10, 20 min, more. */
export const DELAY_BIN_EDGES_S = [0, 60, 120, 300, 600, 1200, Infinity];

/** Door-to-door trips (share 0: the model is off): time per trip and per leg, against the same trip by ground only. */
export function doorToDoorSummary(st: EngineState) {
  const w = st.world.doorToDoor, d = st.doorToDoor.done;
  const stats = (v: number[]) => ({ mean_s: round(mean(v), 1), p95_s: round(percentile(v, 0.95), 1) });
  let airFaster = 0;
  for (let i = 0; i < d.total.length; i++) if (d.total[i] < d.groundOnly[i]) airFaster++;
  return {
    share: w.share, access_radius_m: w.accessRadiusM, shuttle_wait_s: w.waitS,
    completed: d.total.length, rejected: st.doorToDoor.rejected, on_the_way_end: st.doorToDoor.travelling.size,
    door_to_door: stats(d.total), ground_only: stats(d.groundOnly),
    legs: { access_mean_s: round(mean(d.access), 1), transfer_wait_mean_s: round(mean(d.wait), 1), flight_mean_s: round(mean(d.flight), 1), egress_mean_s: round(mean(d.egress), 1) },
    air_faster_share: d.total.length ? round(airFaster / d.total.length, 3) : 0,
    by_zone_pair: Object.fromEntries([...d.pairs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, p]) => [k, {
      trips: p.total.length,
      door_to_door_mean_s: round(mean(p.total), 1), door_to_door_p95_s: round(percentile(p.total, 0.95), 1),
      ground_only_mean_s: round(mean(p.groundOnly), 1), ground_only_p95_s: round(percentile(p.groundOnly, 0.95), 1),
    }])),
  };
}

/** Batteries and charging (no class with a battery: the model is off). */
export function chargingSummary(st: EngineState) {
  const w = st.world, m = st.metrics;
  const classes = Object.fromEntries(w.classes.filter((c) => c.battery).map((c) => {
    const i = w.classes.indexOf(c);
    return [c.name, {
      capacity_kwh: round(c.battery!.capacityJ / 3.6e6, 3), reserve_fraction: c.battery!.reserveFraction, departure_soc: c.battery!.departureSoc,
      min_soc: round(m.minSoc[i], 4), below_reserve: m.belowReserve[i], depleted: m.depleted[i], charged: m.charged[i], charging_time_s: round(m.chargeTicks[i] * w.dt, 1),
      charging_time_mean_s: m.charged[i] ? round((m.chargeTicks[i] * w.dt) / m.charged[i], 1) : 0,
    }];
  }));
  return {
    enabled: Object.keys(classes).length > 0,
    charging_vertiports: w.vertiports.filter(chargesAircraft).length,
    cancelled_for_charge: st.planner.limits.rejections.charge,
    delayed_for_charge: st.planner.stats.delayedForCharge,
    classes,
  };
}

/** Non-cooperative drones (share 0: the model is off): how many flew, and the conflicts and LoS they were in. */
export function noncooperativeSummary(st: EngineState) {
  const l = st.tactical.ledger;
  return {
    share: st.world.noncooperativeShare,
    trips: st.planner.stats.noncooperative,
    conflicts_involving: l.noncoopConflicts,
    los_involving: l.noncoopLos,
    los_time_s_involving: round(l.noncoopLosS, 1),
  };
}

/** The wind model's settings and what aircraft felt (model "none": calm air). */
export function windSummary(st: EngineState) {
  const w = st.world.wind, ws = st.wind;
  const level = (p: { altM: Float64Array; east: Float64Array; north: Float64Array }, i: number) => ({
    alt_m: p.altM[i], speed_mps: round(Math.hypot(p.east[i], p.north[i]), 2),
    from_deg: round(((Math.atan2(-p.east[i], -p.north[i]) * 180) / Math.PI + 360) % 360, 1),
  });
  return {
    model: w.model,
    min_alt_m: w.minAltM,
    levels: w.model === 'uniform' || w.model === 'layered' ? Array.from(w.profiles[0].altM, (_, i) => level(w.profiles[0], i)) : [],
    points: w.model === 'grid' ? w.profiles.length : 0,
    gusts: w.model !== 'none' && w.gustSigmaMps > 0 ? { sigma_mps: w.gustSigmaMps, tau_s: w.gustTauS, max_gust_mps: round(ws.maxGust, 2) } : null,
    mean_felt_mps: ws.feltCount ? round(ws.feltSum / ws.feltCount, 2) : 0,
  };
}

/** The timeline of pads, queues and airborne aircraft (systems/timeline.ts). */
export function timelineSummary(st: EngineState) {
  const tl = st.timeline;
  const padsTotal = st.world.vertiports.reduce((n, v) => n + v.pads, 0);
  return { interval_s: TIMELINE_INTERVAL_S, pads_total: padsTotal, t_s: tl.t_s, pads_busy: tl.pads_busy, pad_queue: tl.pad_queue, airborne_drone: tl.airborne_drone, airborne_evtol: tl.airborne_evtol };
}

/**
 * Per vertiport (metrics/vertiport-stats.ts), in the scenario's order: air trips asked to leave
 * and land there, the departures rejected or delayed and their mean delay, how many plans this
 * vertiport's departure or arrival airspace or its pads rejected or delayed (`limited_by`),
 * landings, holds for a pad, and pads busy at the timeline's samples (mean and peak).
 */
export function vertiportSummary(st: EngineState) {
  const v = st.vertiportStats, n = Math.max(1, st.timeline.t_s.length);
  return st.world.vertiports.map((vp, i) => ({
    id: vp.id,
    name: vp.name,
    pads: vp.pads,
    departure_lanes: vp.departureLanes,
    departures_requested: v.departuresRequested[i],
    departures_rejected: v.departuresRejected[i],
    departures_delayed: v.departuresDelayed[i],
    departure_delay_mean_s: v.departuresDelayed[i] ? round(v.departureDelayS[i] / v.departuresDelayed[i], 1) : 0,
    arrivals_requested: v.arrivalsRequested[i],
    limited_by: { departure: v.limitedByDeparture[i], arrival: v.limitedByArrival[i], pads: v.limitedByPads[i] },
    landings: v.landings[i],
    pad_holds: v.padHolds[i],
    pad_hold_time_s: round(v.padHoldS[i], 1),
    pads_busy_mean: round(v.padsBusySum[i] / n, 2),
    pads_busy_peak: v.padsBusyPeak[i],
    stands: vp.stands,
    stand_charges: v.standCharges[i],
    stand_overflows: v.standOverflows[i],
  }));
}

/** Airspace figures: policies, strategic deconfliction counters, tactical detection and resolution. */
export function airspaceSummary(st: EngineState) {
  const w = st.world;
  return {
    policies: { drone: w.policyNames[0], evtol: w.policyNames[1] },
    strategic: {
      enabled: w.strategic.enabled, strategy: w.strategic.strategy, priorities: w.strategic.priorities, ...st.planner.stats,
      rejections_by_reason: { ...st.planner.limits.rejections },
      delay_by_reason: delaysOut(st.planner.limits.delays),
    },
    tactical: st.tactical.summary(),
  };
}

/** Ground traffic figures (null when ground vehicles drive alone). */
export function groundSummary(st: EngineState) {
  const g = st.groundLink?.traffic;
  if (!g) return null;
  const s = g.stats;
  return {
    model: 'network', junction_control: g.control.name, car_following: st.world.ground.carFollowing, inserted: s.inserted, arrived: s.arrived,
    waiting_to_insert: s.waiting_to_insert, lane_changes: s.lane_changes, forced_stops: s.forced_stops, max_stopped_s: s.max_stopped_s, stuck: s.stuck,
    collisions_now: g.countCollisions(), junctions: g.control.stats(),
  };
}

/** The run's summary.json body: scenario, seed, state hash and every figure, by class and layer. */
export function runSummary(st: EngineState, stateHash: string) {
  const w = st.world;
  return {
    scenario: w.name,
    scenario_hash: w.scenarioHash,
    seed: w.seed,
    duration_s: st.tick * w.dt,
    dt: w.dt,
    ticks: st.tick,
    state_hash: stateHash,
    agents_spawned: st.ids.count,
    classes: Object.fromEntries(classSummary(st).map(({ class: name, ...rest }) => [name, rest])),
    airspace: airspaceSummary(st),
    ground: groundSummary(st),
    timeline: timelineSummary(st),
    vertiports: vertiportSummary(st),
    wind: windSummary(st),
    noncooperative: noncooperativeSummary(st),
    charging: chargingSummary(st),
    door_to_door: doorToDoorSummary(st),
  };
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
