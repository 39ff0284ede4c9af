import seedrandom from 'seedrandom';
import { IDM_DEFAULTS, type IdmParams } from './idm.ts';
import { gridNetwork, type RoadNetwork } from './road-network.ts';
import { GroundTraffic, type GroundStats } from './traffic.ts';
import { JUNCTION_CONTROLS } from './junctions/index.ts';

/**
 * The ground benchmark workload (issue 5, and SUMO's grid comparison): a rows × cols grid of
 * junctions `block_m` apart, `lanes` lanes per direction, random trips between links whose
 * straight-line distance (start of the first link to the end of the last) is at least
 * `min_trip_m`, departing uniformly over `insert_s`, routed by fastest path.
 */
export interface GridWorkloadOptions {
  size: number;
  block_m: number;
  lanes: number;
  speed_mps: number;
  trips: number;
  insert_s: number;
  min_trip_m: number;
  dt: number;
  control: string;
  seed: string;
  idm: IdmParams;
}

export const GRID_WORKLOAD_DEFAULTS: GridWorkloadOptions = {
  size: 30, block_m: 200, lanes: 2, speed_mps: 20, trips: 18000, insert_s: 1800, min_trip_m: 1000, dt: 0.5, control: 'priority', seed: '1',
  idm: { ...IDM_DEFAULTS, accel: 1.5, decel: 2, tau: 1.2, minGap: 2, v0: 20 },
};

export function buildGridWorkload(o: GridWorkloadOptions): { net: RoadNetwork; traffic: GroundTraffic } {
  const make = JUNCTION_CONTROLS[o.control];
  if (!make) throw new Error(`unknown junction control "${o.control}"`);
  const net = gridNetwork(o.size, o.size, o.block_m, o.lanes, o.speed_mps);
  const traffic = new GroundTraffic(net, make(net), [o.idm], { dt: o.dt, capacity: Math.min(o.trips, 65536) });
  const rng = seedrandom(`ground-trips:${o.seed}`);
  const span = (o.size - 1) * o.block_m;
  if (Math.hypot(span, span) < o.min_trip_m) throw new Error(`grid ${o.size}×${o.size} of ${o.block_m} m blocks has no trip of ${o.min_trip_m} m`);
  for (let i = 0; i < o.trips; i++) {
    for (;;) {
      const a = Math.floor(rng() * net.linkCount), b = Math.floor(rng() * net.linkCount);
      const d = Math.hypot(net.nodeX[net.linkFrom[a]] - net.nodeX[net.linkTo[b]], net.nodeY[net.linkFrom[a]] - net.nodeY[net.linkTo[b]]);
      if (d < o.min_trip_m) continue;
      const route = net.route(a, b);
      if (!route) continue;
      traffic.addTrip((i * o.insert_s) / o.trips, route, 0);
      break;
    }
  }
  return { net, traffic };
}

export interface GridRunResult {
  control: string;
  sim_s: number;
  wall_s: number;
  updates_per_s: number;
  real_time_factor: number;
  collisions: number;
  at_end: GroundStats;
}

/**
 * Steps the traffic for `durationS`; wall time counts the steps only (collision checks, when
 * asked for, run outside the timed part).
 */
export function runGrid(traffic: GroundTraffic, durationS: number, checkCollisions: boolean, onProgress?: (t: number) => void): GridRunResult {
  const steps = Math.round(durationS / traffic.dt);
  let wall = 0, collisions = 0;
  const updates0 = traffic.stats.vehicle_updates;
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    traffic.step();
    wall += performance.now() - t0;
    if (checkCollisions) collisions += traffic.countCollisions();
    if (onProgress && s % 120 === 0) onProgress(traffic.time);
  }
  const wallS = wall / 1000;
  return {
    control: traffic.control.name,
    sim_s: steps * traffic.dt,
    wall_s: wallS,
    updates_per_s: (traffic.stats.vehicle_updates - updates0) / Math.max(wallS, 1e-9),
    real_time_factor: (steps * traffic.dt) / Math.max(wallS, 1e-9),
    collisions,
    at_end: { ...traffic.stats },
  };
}
