import seedrandom from 'seedrandom';
import { RngStreams } from '../world/rng.ts';
import { gridNetwork, type RoadNetwork } from './road-network.ts';
import { GroundTraffic } from './traffic.ts';
import { JUNCTION_CONTROLS } from './junctions/index.ts';
import { sumoStyleConnections } from './lane-discipline.ts';
import { CAR_FOLLOWING_MODELS, VEHICLE_TYPE_DEFAULTS, type VehicleType } from './car-following/index.ts';

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
  seed: number;
  /** Car-following model name (registry in car-following/index.ts) and the vehicle type. */
  car_following: string;
  vehicle: VehicleType;
  /** Which lanes reach which out-links: "sumo" (netgenerate's: right from the right lane, left from the left) or "all" (every lane to every out-link). */
  lane_discipline?: 'sumo' | 'all';
}

export const GRID_WORKLOAD_DEFAULTS: GridWorkloadOptions = {
  size: 30, block_m: 200, lanes: 2, speed_mps: 20, trips: 18000, insert_s: 1800, min_trip_m: 1000, dt: 0.5, control: 'priority', seed: 1,
  car_following: 'idm',
  vehicle: { ...VEHICLE_TYPE_DEFAULTS },
  // Calibrated against SUMO's 30×30 grid (README, "Ground traffic"): netgenerate's lane use.
  lane_discipline: 'sumo',
};

export function buildGridWorkload(o: GridWorkloadOptions): { net: RoadNetwork; traffic: GroundTraffic } {
  const make = JUNCTION_CONTROLS.get(o.control);
  const model = CAR_FOLLOWING_MODELS.get(o.car_following)(o.vehicle, 'sumo', new RngStreams(o.seed).stream('ground:car-following'));
  const net = gridNetwork(o.size, o.size, o.block_m, o.lanes, o.speed_mps, o.lane_discipline === 'sumo' ? sumoStyleConnections : undefined);
  const traffic = new GroundTraffic(net, make(net), [model], { dt: o.dt, capacity: Math.min(o.trips, 65536) });
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

