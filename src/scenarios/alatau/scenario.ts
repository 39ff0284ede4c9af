import { circle } from '@turf/circle';
import { destination } from '@turf/destination';
import { point } from '@turf/helpers';
import type { ScenarioInput } from '../../../sim-core/scenario/schema.ts';

/**
 * Alatau City, Kazakhstan: the built-in scenario. Every number here is either a sourced fact or
 * an assumption listed in ./README.md (with its reasoning). Geometry is generated so that it is
 * easy to review: zones are latitude bands along the A3 highway, roads a lattice over the city.
 */

type Position = [number, number];
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const pos = (lon: number, lat: number): Position => [round6(lon), round6(lat)];

function box(west: number, south: number, east: number, north: number): Position[][] {
  return [[pos(west, south), pos(east, south), pos(east, north), pos(west, north), pos(west, south)]];
}

function disc(lon: number, lat: number, radiusKm: number): Position[][] {
  const ring = circle([lon, lat], radiusKm, { steps: 48, units: 'kilometers' }).geometry.coordinates[0];
  return [ring.map(([x, y]) => pos(x, y))];
}

/** A trapezoid from `start` along `bearing`: runway approach/departure funnel. */
function funnel(lon: number, lat: number, bearing: number, lengthKm: number, halfStartKm: number, halfEndKm: number): Position[][] {
  const at = (from: Position, b: number, d: number): Position => {
    const c = destination(point(from), d, b, { units: 'kilometers' }).geometry.coordinates;
    return pos(c[0], c[1]);
  };
  const start: Position = [lon, lat];
  const end = at(start, bearing, lengthKm);
  const ring = [at(start, bearing - 90, halfStartKm), at(end, bearing - 90, halfEndKm), at(end, bearing + 90, halfEndKm), at(start, bearing + 90, halfStartKm)];
  return [[...ring, ring[0]]];
}

const feature = <G, P>(geometry: G, properties: P) => ({ type: 'Feature' as const, geometry, properties });
const polygonF = <P>(coordinates: Position[][], properties: P) => feature({ type: 'Polygon' as const, coordinates }, properties);
const lineF = <P>(coordinates: Position[], properties: P) => feature({ type: 'LineString' as const, coordinates }, properties);
const pointF = <P>(lon: number, lat: number, properties: P) => feature({ type: 'Point' as const, coordinates: pos(lon, lat) }, properties);

// Almaty International Airport (ALA/UAAA): 43°21′19″N 77°02′41″E (AIP Kazakhstan via Wikipedia).
const ALA: Position = [77.04472, 43.35528];

const zones = [
  polygonF(box(76.93, 43.4, 77.15, 43.5), { id: 'gate', name: 'Gate City (finance and business)', kind: 'finance' as const }),
  polygonF(box(76.93, 43.5, 77.15, 43.62), { id: 'golden', name: 'Golden City (education, science, medicine)', kind: 'education' as const }),
  polygonF(box(76.95, 43.62, 77.17, 43.75), { id: 'growing', name: 'Growing City (industry, trade, logistics)', kind: 'industry' as const }),
  polygonF(box(76.95, 43.75, 77.17, 43.86), { id: 'green', name: 'Green City (tourism and recreation)', kind: 'tourism' as const }),
];

const geofences = [
  polygonF(disc(ALA[0], ALA[1], 5), { id: 'ala-ctr', name: 'Almaty airport control zone (assumed 5 km radius)', kind: 'controlled' as const, floor_m: 0, ceiling_m: 1500, source: 'ALA position: AIP Kazakhstan (UAAA); 5 km radius and 1,500 m ceiling assumed' }),
  polygonF(funnel(ALA[0], ALA[1], 55, 14, 0.8, 1.8), { id: 'ala-rwy05-funnel', name: 'ALA runway 05/23 approach and departure funnel (north-east)', kind: 'no-fly' as const, floor_m: 0, ceiling_m: 1200, source: 'assumption: runways 05L/05R magnetic + ~5° E declination ≈ 055° true' }),
  polygonF(disc(77.17, 43.665, 3), { id: 'new-airport', name: 'Planned Alatau international airport (site assumed)', kind: 'controlled' as const, floor_m: 0, ceiling_m: 1000, source: 'assumption: site not public; placed in Growing City east of A3' }),
  polygonF(box(76.985, 43.695, 77.01, 43.715), { id: 'rail-yard', name: 'Freight rail yard (restricted site)', kind: 'restricted' as const, floor_m: 0, ceiling_m: 150, source: 'assumption' }),
  polygonF(box(76.965, 43.575, 76.98, 43.585), { id: 'substation', name: '500 kV substation (critical infrastructure)', kind: 'no-fly' as const, floor_m: 0, ceiling_m: 200, source: 'assumption' }),
  polygonF(box(77.12, 43.82, 77.2, 43.88), { id: 'reservoir-shore', name: 'Kapchagay reservoir beaches (protected, daytime)', kind: 'restricted' as const, floor_m: 0, ceiling_m: 150, active_from_s: 8 * 3600, active_to_s: 20 * 3600, source: 'assumption: recreation protection 08:00-20:00' }),
  polygonF(box(77.005, 43.765, 77.025, 43.78), { id: 'f1-track', name: 'F1 race track events', kind: 'restricted' as const, floor_m: 0, ceiling_m: 300, active_from_s: 10 * 3600, active_to_s: 18 * 3600, source: 'assumption: event hours' }),
];

/** Charging power per pad (kW, assumed): eVTOL vertiports 320 kW (a fast aviation charger), drone hubs 1 kW. */
const CHARGING_KW = { vertiport: 320, 'drone-hub': 1 };
/**
 * Departure lanes (assumed): a drone hub climbs out to each of the four drone layers (30, 60, 90,
 * 120 m, 30 m apart, twice the vertical separation), so four departures in the same direction can
 * leave together; eVTOL vertiports have one climb-out (their corridors set the altitude).
 */
const DEPARTURE_LANES = { vertiport: 1, 'drone-hub': 4 };
const vp = (id: string, name: string, lon: number, lat: number, zone: string, pads: number, turnaround_s: number, kind: 'vertiport' | 'drone-hub' = 'vertiport') =>
  pointF(lon, lat, { id, name, zone, pads, turnaround_s, kind, charging_kw: CHARGING_KW[kind], departure_lanes: DEPARTURE_LANES[kind] });

const vertiports = [
  vp('ala-north', 'ALA North transport hub', 77.0, 43.405, 'gate', 6, 300),
  vp('gate-iconic', 'Gate Iconic Building', 77.03, 43.445, 'gate', 3, 300),
  vp('gate-hub', 'Gate drone hub', 76.99, 43.43, 'gate', 12, 60, 'drone-hub'),
  vp('golden-campus', 'Golden academic town', 77.05, 43.56, 'golden', 3, 300),
  vp('golden-medical', 'Golden medical cluster', 77.1, 43.53, 'golden', 2, 300),
  vp('golden-hub', 'Golden drone hub', 77.0, 43.57, 'golden', 12, 60, 'drone-hub'),
  vp('growing-logistics', 'Growing logistics drone hub', 77.03, 43.68, 'growing', 16, 60, 'drone-hub'),
  vp('growing-rail', 'Growing rail station', 77.07, 43.72, 'growing', 3, 300),
  vp('green-resort', 'Green resort vertiport', 77.1, 43.81, 'green', 3, 300),
  vp('green-hub', 'Green drone hub', 77.05, 43.8, 'green', 8, 60, 'drone-hub'),
  vp('konaev', 'Konaev centre', 77.065, 43.86, 'green', 3, 300),
];

/** The A3-aligned spine: two one-way corridors at different altitudes, 1 km apart. */
const spineLats = [43.41, 43.46, 43.51, 43.56, 43.61, 43.66, 43.71, 43.76, 43.81, 43.86];
const spineLon = (lat: number) => 77.02 + ((lat - 43.41) / 0.45) * 0.045;
const corridors = [
  lineF(spineLats.map((lat) => pos(spineLon(lat) + 0.006, lat)), { id: 'spine-north', name: 'A3 spine northbound', floor_m: 300, ceiling_m: 360, width_m: 400, direction: 'forward' as const, speed_mps: 60 }),
  lineF([...spineLats].reverse().map((lat) => pos(spineLon(lat) - 0.006, lat)), { id: 'spine-south', name: 'A3 spine southbound', floor_m: 390, ceiling_m: 450, width_m: 400, direction: 'forward' as const, speed_mps: 60 }),
  ...[43.445, 43.55, 43.7, 43.81].map((lat, i) =>
    lineF([pos(76.96, lat), pos(spineLon(lat) - 0.006, lat), pos(spineLon(lat) + 0.006, lat), pos(77.13, lat)], { id: `cross-${i + 1}`, name: `Cross-city link ${i + 1}`, floor_m: 240, ceiling_m: 290, width_m: 300, direction: 'both' as const, speed_mps: 45 }),
  ),
];

/** Road lattice: the A3 as the fast north–south axis, arterials every ~3.3 km east–west. */
const roadLats = Array.from({ length: 16 }, (_, i) => round6(43.4 + i * 0.03));
const roadLons = [76.96, 77.0, 77.04, 77.08, 77.12];
const roads = [
  ...roadLons.map((lon) =>
    lineF(roadLats.map((lat) => pos(lon, lat)), lon === 77.04
      ? { id: 'a3', name: 'A3 Almaty–Konaev highway', lanes: 4, speed_kph: 110, oneway: false }
      : { id: `ns-${lon.toFixed(2)}`, name: `North–south arterial ${lon.toFixed(2)}`, lanes: 2, speed_kph: 60, oneway: false }),
  ),
  ...roadLats.map((lat, i) => lineF(roadLons.map((lon) => pos(lon, lat)), { id: `ew-${i}`, name: `East–west arterial ${i}`, lanes: 2, speed_kph: 60, oneway: false })),
];

/**
 * Demand at profile weight 1 (see README for the derivation):
 *  drones: 0.015 deliveries/resident/day × 1.9 M + 0.005/job/day × 1.1 M ≈ 34,000/day ≈ 1,420/h;
 *  eVTOL: 0.05 % of ~4.75 M daily trips ≈ 2,400/day ≈ 100/h;
 *  ground shuttles: first/last-mile links between vertiports, ≈ 200/h.
 */
const droneFlows = [
  { class: 'drone' as const, from: 'gate-hub', to: 'zone:gate', trips_per_hour: 330 },
  { class: 'drone' as const, from: 'golden-hub', to: 'zone:golden', trips_per_hour: 400 },
  { class: 'drone' as const, from: 'growing-logistics', to: 'zone:growing', trips_per_hour: 270 },
  { class: 'drone' as const, from: 'green-hub', to: 'zone:green', trips_per_hour: 320 },
  { class: 'drone' as const, from: 'growing-logistics', to: 'zone:golden', trips_per_hour: 60 },
  { class: 'drone' as const, from: 'golden-hub', to: 'golden-medical', trips_per_hour: 12 },
];
const evtolPairs: [string, string, number][] = [
  ['ala-north', 'gate-iconic', 12], ['ala-north', 'golden-campus', 10], ['ala-north', 'green-resort', 12], ['ala-north', 'konaev', 8],
  ['gate-iconic', 'growing-rail', 6], ['golden-medical', 'konaev', 4], ['growing-rail', 'green-resort', 6], ['golden-campus', 'konaev', 4],
];
const evtolFlows = evtolPairs.flatMap(([a, b, n]) => [
  { class: 'evtol' as const, from: a, to: b, trips_per_hour: n },
  { class: 'evtol' as const, from: b, to: a, trips_per_hour: n },
]);
const groundPairs: [string, string, number][] = [
  ['ala-north', 'gate-iconic', 20], ['gate-iconic', 'golden-campus', 15], ['golden-campus', 'golden-medical', 10],
  ['golden-campus', 'growing-rail', 12], ['growing-rail', 'green-resort', 12], ['green-resort', 'konaev', 15], ['growing-logistics', 'growing-rail', 10],
];
const groundFlows = groundPairs.flatMap(([a, b, n]) => [
  { class: 'ground' as const, from: a, to: b, trips_per_hour: n },
  { class: 'ground' as const, from: b, to: a, trips_per_hour: n },
]);

export function alatauScenario(): ScenarioInput {
  return {
    name: 'alatau',
    description: 'Alatau City (formerly G4 City), Almaty Region, Kazakhstan: four districts along the A3 Almaty–Konaev highway.',
    origin: { lat: 43.63, lon: 77.05 },
    bounds: [76.85, 43.3, 77.3, 43.92],
    layers: {
      geofences: { type: 'FeatureCollection', features: geofences },
      vertiports: { type: 'FeatureCollection', features: vertiports },
      corridors: { type: 'FeatureCollection', features: corridors },
      roads: { type: 'FeatureCollection', features: roads },
      zones: { type: 'FeatureCollection', features: zones },
    },
    classes: {
      drone: {
        cruise_mps: 15, max_mps: 20, climb_mps: 5, descent_mps: 3, accel_mps2: 3, vertical_accel_mps2: 2, turn_rate_dps: 90, cruise_alt_m: 90,
        energy: { model: 'multirotor', mass_kg: 6, rotor_area_m2: 0.45, drag_area_m2: 0.05, efficiency: 0.7 },
        battery: { capacity_kwh: 0.5, reserve_fraction: 0.2, departure_soc: 1 },
      },
      evtol: {
        cruise_mps: 55, max_mps: 67, climb_mps: 5, descent_mps: 4, accel_mps2: 1.5, vertical_accel_mps2: 1, turn_rate_dps: 6, cruise_alt_m: 300,
        energy: { model: 'evtol', hover_kw: 450, cruise_kwh_per_km: 0.7, transition_mps: 30 },
        battery: { capacity_kwh: 160, reserve_fraction: 0.2, departure_soc: 1 },
      },
      ground: {
        max_mps: 22, accel_mps2: 1.5, decel_mps2: 2, corner_mps: 6,
        energy: { model: 'road', kwh_per_km: 0.25, idle_kw: 2 },
      },
    },
    demand: {
      scale: 1,
      profile: [0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.6, 0.9, 1.2, 1.3, 1.3, 1.5, 1.7, 1.5, 1.3, 1.3, 1.4, 1.6, 1.8, 1.6, 1.2, 0.8, 0.5, 0.2],
      flows: [...droneFlows, ...evtolFlows, ...groundFlows],
    },
    airspace: {
      // Drones fly free (around geofences), eVTOL keep to the corridor network; every plan is
      // strategically deconflicted (4D intents, pad bookings), conflicts resolved by ground delay.
      policy: 'full-mix',
      class_policy: { evtol: 'tubes' },
      layers: { drone: [30, 60, 90, 120], evtol: [240, 300, 360, 420] },
      strategic: { enabled: true, strategy: 'ground-delay', buffer_s: 10, growth: 0.02, piece_s: 10, max_delay_s: 1800, delay_step_s: 10, terminal_radius_m: 300, priorities: false },
    },
    // Tactical deconfliction every second on airborne aircraft (above 10 m), MVP resolution.
    tactical: { enabled: true, resolver: 'mvp', interval_s: 1, broadphase: 'sliced-grid', min_alt_m: 10, margin: 1.05, terminal_radius_m: 300 },
    params: { dt: 0.5, start_time_s: 7 * 3600, rpz: 50, hpz: 15, lookahead_s: 60, record_interval_s: 2, delivery_points_per_zone: 256 },
  };
}
