import { CAR_FOLLOWING_MODELS, type CarFollowingModel, type VehicleType } from '../../../sim-core/ground/car-following/index.ts';
import { JUNCTION_CONTROLS } from '../../../sim-core/ground/junctions/index.ts';
import { GroundTraffic } from '../../../sim-core/ground/traffic.ts';
import { RngStreams } from '../../../sim-core/world/rng.ts';
import { InputFileError } from '../../io.ts';
import type { UnsupportedFeatures } from '../unsupported.ts';
import type { ImportedNetwork } from './net-convert.ts';
import { SUMO_DEFAULT_VTYPE, type SumoDemand, type SumoVType } from './routes-reader.ts';

/**
 * Ground traffic for an imported SUMO network and demand: one car-following model per vType
 * (`from-vtype`: the vType's carFollowModel, Krauss or IDM; or one model for all), vehicles
 * inserted in departure order (ties: file order) on their route's edges; trips are routed by
 * the road A* (fastest free-flow path through `via` edges). Trips without a path are skipped and
 * counted, as SUMO skips them with --ignore-route-errors.
 */
export type CarFollowingChoice = 'from-vtype' | 'idm' | 'krauss';

export interface SumoTrafficOptions {
  control: string;
  carFollowing: CarFollowingChoice;
  dt: number;
  seed: number;
}

export interface SumoTraffic {
  traffic: GroundTraffic;
  /** SUMO vehicle id of each trip index. */
  vehicleIds: string[];
  lastDepart: number;
  skipped: number;
}

/** A SUMO vType's parameters as the car-following family's VehicleType (v0: the vType's maxSpeed). */
export function vehicleTypeOf(vt: SumoVType): VehicleType {
  return { accel: vt.accel, decel: vt.decel, emergencyDecel: vt.emergencyDecel, tau: vt.tau, minGap: vt.minGap, length: vt.length, v0: vt.maxSpeed, delta: vt.delta, sigma: vt.sigma };
}

function modelName(vt: SumoVType, choice: CarFollowingChoice, unsupported: UnsupportedFeatures): string {
  if (choice !== 'from-vtype') return choice;
  if (vt.carFollowModel === 'IDM') return 'idm';
  if (vt.carFollowModel !== 'Krauss') unsupported.add(`car-following model "${vt.carFollowModel}" (driven as Krauss)`);
  return 'krauss';
}

export function buildSumoTraffic(imported: ImportedNetwork, demand: SumoDemand, routesFile: string, o: SumoTrafficOptions, unsupported: UnsupportedFeatures): SumoTraffic {
  const net = imported.network;
  const typeIndex = new Map<string, number>();
  const models: CarFollowingModel[] = [];
  const streams = new RngStreams(o.seed);
  const vehicles = demand.vehicles.map((v, i) => ({ v, i })).sort((a, b) => a.v.depart - b.v.depart || a.i - b.i);
  for (const { v } of vehicles) {
    if (typeIndex.has(v.type)) continue;
    const vt = demand.vTypes.get(v.type)!;
    typeIndex.set(v.type, models.length);
    models.push(CAR_FOLLOWING_MODELS.get(modelName(vt, o.carFollowing, unsupported))(vehicleTypeOf(vt), 'sumo', streams.stream(`ground:car-following:${v.type}`)));
  }
  if (models.length === 0) models.push(CAR_FOLLOWING_MODELS.get('krauss')(vehicleTypeOf(SUMO_DEFAULT_VTYPE), 'sumo', streams.stream('ground:car-following')));
  const traffic = new GroundTraffic(net, JUNCTION_CONTROLS.get(o.control)(net), models, { dt: o.dt, capacity: Math.min(Math.max(vehicles.length, 16), 65536) });
  const link = (edge: string, line: number, id: string): number => {
    const k = imported.edgeLink.get(edge);
    if (k === undefined) throw new InputFileError(routesFile, line, `vehicle "${id}": edge "${edge}" is not a car edge of the network`);
    return k;
  };
  const vehicleIds: string[] = [];
  let skipped = 0, lastDepart = 0;
  for (const { v } of vehicles) {
    let route: number[] | null;
    if (v.edges) {
      route = v.edges.map((e) => link(e, v.line, v.id));
      for (let i = 0; i + 1 < route.length; i++) {
        if (!net.linkLeadsTo(route[i], route[i + 1])) throw new InputFileError(routesFile, v.line, `vehicle "${v.id}": route edges "${v.edges[i]}" → "${v.edges[i + 1]}": no connection between them in the network`);
      }
    } else {
      const stops = [v.from!, ...v.via, v.to!].map((e) => link(e, v.line, v.id));
      route = [stops[0]];
      for (let i = 0; i + 1 < stops.length && route; i++) {
        const leg = net.route(stops[i], stops[i + 1]);
        route = leg ? route.concat(leg.slice(1)) : null;
      }
      if (!route) { skipped++; unsupported.add('trips without a path between their edges (skipped, as SUMO --ignore-route-errors)', v.line); continue; }
    }
    traffic.addTrip(v.depart, route, typeIndex.get(v.type)!, v.departLane);
    vehicleIds.push(v.id);
    lastDepart = Math.max(lastDepart, v.depart);
  }
  return { traffic, vehicleIds, lastDepart, skipped };
}
