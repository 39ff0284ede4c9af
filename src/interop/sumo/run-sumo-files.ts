import { statSync } from 'node:fs';
import { InputFileError } from '../../io.ts';
import type { GroundTraffic } from '../../../sim-core/ground/traffic.ts';
import { UnsupportedFeatures } from '../unsupported.ts';
import { readSumoNet } from './net-reader.ts';
import { sumoToRoadNetwork, type ImportedNetwork } from './net-convert.ts';
import { emptyDemand, readSumoDemand } from './routes-reader.ts';
import { buildSumoTraffic, type SumoTrafficOptions } from './sumo-traffic.ts';

/**
 * Runs SUMO input files on skyweave's ground model and summarises the trips as SUMO's tripinfo
 * does: travel time = arrival − actual departure (tripinfo `duration`), waiting time = time below
 * 0.1 m/s. The wall clock is read here, outside sim-core, around the steps only.
 */
export interface SumoFilesInput {
  net: string;
  routes: string[];
  additional: string[];
}

export interface SumoRunSummary {
  net: string;
  routes: string[];
  control: string;
  car_following: string;
  dt: number;
  end_s: number | null;
  network: { junctions: number; edges: number; lanes: number; connections: number; signal_programs: number };
  vehicles: number;
  skipped: number;
  inserted: number;
  arrived: number;
  running_at_end: number;
  waiting_to_insert: number;
  all_arrived: boolean;
  sim_s: number;
  travel_time_mean_s: number;
  travel_time_p95_s: number;
  waiting_time_mean_s: number;
  depart_delay_mean_s: number;
  stuck: number;
  collisions: number;
  vehicle_updates_per_s: number;
  real_time_factor: number;
  wall_s: number;
  import_s: number;
  unsupported: { feature: string; count: number; first_line: number | null }[];
}

export interface LoadedSumo {
  imported: ImportedNetwork;
  traffic: GroundTraffic;
  vehicleIds: string[];
  lastDepart: number;
  skipped: number;
  unsupported: { net: UnsupportedFeatures; demand: UnsupportedFeatures };
  importS: number;
}

export function loadSumoFiles(input: SumoFilesInput, o: SumoTrafficOptions): LoadedSumo {
  const t0 = performance.now();
  // Every file is checked before the network (which may take seconds) is read.
  for (const f of [input.net, ...input.additional, ...input.routes]) {
    try {
      if (!statSync(f).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    } catch (e) {
      throw new InputFileError(f, null, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const sumoNet = readSumoNet(input.net);
  const imported = sumoToRoadNetwork(sumoNet);
  const demand = emptyDemand();
  const demandUnsupported = new UnsupportedFeatures();
  for (const f of [...input.additional, ...input.routes]) readSumoDemand(f, demand, demandUnsupported, o.seed);
  const built = buildSumoTraffic(imported, demand, input.routes.join(','), o, demandUnsupported);
  return { imported, ...built, unsupported: { net: sumoNet.unsupported, demand: demandUnsupported }, importS: (performance.now() - t0) / 1000 };
}

/** Nearest-rank percentile of sorted values (0 for none). */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/**
 * Steps until every vehicle has arrived or `endS` (when null: at most 4 h after the last departure,
 * so a gridlocked network ends with a report instead of running forever).
 */
export function runSumoFiles(input: SumoFilesInput, o: SumoTrafficOptions, endS: number | null, onProgress?: (t: number, total: number, running: number) => void): SumoRunSummary {
  const loaded = loadSumoFiles(input, o);
  const { traffic, imported } = loaded;
  const insertAt: number[] = [];
  const travel: number[] = [], waiting: number[] = [], departDelay: number[] = [];
  const wanted = traffic.tripDepartures();
  traffic.onInsert = (trip) => { insertAt[trip] = traffic.time + traffic.dt; departDelay.push(traffic.time + traffic.dt - wanted[trip]); };
  traffic.onArrive = (trip, v, t) => { travel.push(t - insertAt[trip]); waiting.push(traffic.waitingS[v]); };
  const limit = endS ?? loaded.lastDepart + 4 * 3600;
  const steps = Math.round(limit / o.dt);
  let wall = 0, collisions = 0, s = 0;
  for (; s < steps && !(endS === null && traffic.done); s++) {
    const t0 = performance.now();
    traffic.step();
    wall += performance.now() - t0;
    collisions += traffic.countCollisions();
    if (onProgress && s % 240 === 0) onProgress(traffic.time, limit, traffic.running);
  }
  travel.sort((a, b) => a - b);
  const mean = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
  const st = traffic.stats, net = imported.network;
  const wallS = wall / 1000;
  return {
    net: input.net, routes: input.routes, control: traffic.control.name, car_following: o.carFollowing, dt: o.dt, end_s: endS,
    network: { junctions: net.nodeCount, edges: net.linkCount, lanes: net.laneCount, connections: net.moveCount, signal_programs: net.signals.length },
    vehicles: loaded.vehicleIds.length, skipped: loaded.skipped,
    inserted: st.inserted, arrived: st.arrived, running_at_end: traffic.running, waiting_to_insert: st.waiting_to_insert, all_arrived: traffic.done,
    sim_s: +(s * o.dt).toFixed(3),
    travel_time_mean_s: +mean(travel).toFixed(2), travel_time_p95_s: +percentile(travel, 0.95).toFixed(2), waiting_time_mean_s: +mean(waiting).toFixed(2), depart_delay_mean_s: +mean(departDelay).toFixed(2),
    stuck: st.stuck, collisions,
    vehicle_updates_per_s: Math.round(st.vehicle_updates / Math.max(wallS, 1e-9)), real_time_factor: +((s * o.dt) / Math.max(wallS, 1e-9)).toFixed(1), wall_s: +wallS.toFixed(3), import_s: +loaded.importS.toFixed(3),
    unsupported: [...loaded.unsupported.net.list(), ...loaded.unsupported.demand.list()],
  };
}
