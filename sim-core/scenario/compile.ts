import { EARTH_MODELS } from '../deconfliction/tactical/earth.ts';
import RBush from 'rbush';
import { roadNetworkOf, type RoadNetwork } from '../ground/road-network.ts';
import { LocalFrame } from '../airspace/local-frame.ts';
import { windComponents } from '../airspace/wind.ts';
import { Graph } from '../routing/graph.ts';
import { assignPassSpeeds, WaypointList, WP_STRIDE } from '../routing/waypoints.ts';
import { RngStreams } from '../world/rng.ts';
import { canonicalJson, StateHasher } from '../world/hash.ts';
import {
  CLASS_EVTOL, CLASS_GROUND, CLASS_NAMES, classIndex, type BoxItem, type ClassEnvelope, type ClassName, type CompiledFlow, type Corridor,
  type EnergyParams, type Geofence, type Road, type RoadLinkSpec, type RoadNetworkSpec, type Vertiport, type World, type Zone, type WindConfig, type WindProfile, NO_WIND,
} from '../world/world.ts';
import type { Scenario } from './schema.ts';
import { ScenarioCompileError } from './errors.ts';
import { graphOfSpec, importedNetworkSpec, roadsOfSpec } from './imported-network.ts';
import { pointInRing } from '../airspace/geometry.ts';

/**
 * The compiler: a validated scenario (WGS84, snake_case, defaults filled) becomes a World (local
 * metres, SI units, indexes built, ground routes found, every setting the engine needs copied in).
 * This is the only place that reads a Scenario; the engine reads the World.
 */

export { ScenarioCompileError };

const G = 9.81;
const RHO = 1.225;

function envelopeOf(name: ClassName, s: Scenario): ClassEnvelope {
  const c = s.classes[name];
  const e = c.energy;
  const energy: EnergyParams = { kind: 0, hoverW: 0, dragHalfRhoCdA: 0, weightN: 0, efficiency: 1, joulesPerMetre: 0, transitionMps: 0, idleW: 0 };
  if (e.model === 'multirotor') {
    // Momentum theory: ideal hover power = (m g)^1.5 / sqrt(2 ρ A), divided by efficiency.
    energy.kind = 0;
    energy.weightN = e.mass_kg * G;
    energy.efficiency = e.efficiency;
    energy.hoverW = Math.pow(energy.weightN, 1.5) / Math.sqrt(2 * RHO * e.rotor_area_m2) / e.efficiency;
    energy.dragHalfRhoCdA = 0.5 * RHO * e.drag_area_m2;
  } else if (e.model === 'evtol') {
    energy.kind = 1;
    energy.hoverW = e.hover_kw * 1000;
    energy.joulesPerMetre = e.cruise_kwh_per_km * 3600;
    energy.transitionMps = e.transition_mps;
  } else {
    energy.kind = 2;
    energy.joulesPerMetre = e.kwh_per_km * 3600;
    energy.idleW = e.idle_kw * 1000;
  }
  if ('cruise_mps' in c) {
    return {
      name, cruiseMps: c.cruise_mps, maxMps: c.max_mps, climbMps: c.climb_mps, descentMps: c.descent_mps,
      accelMps2: c.accel_mps2, decelMps2: c.accel_mps2, verticalAccelMps2: c.vertical_accel_mps2,
      turnRateRps: (c.turn_rate_dps * Math.PI) / 180, cruiseAltM: c.cruise_alt_m, cornerMps: c.cruise_mps * 0.3, energy,
      battery: c.battery ? { capacityJ: c.battery.capacity_kwh * 3.6e6, reserveFraction: c.battery.reserve_fraction, departureSoc: c.battery.departure_soc } : null,
    };
  }
  return {
    name, cruiseMps: c.max_mps, maxMps: c.max_mps, climbMps: 0, descentMps: 0, accelMps2: c.accel_mps2,
    decelMps2: c.decel_mps2, verticalAccelMps2: 0, turnRateRps: Math.PI, cruiseAltM: 0, cornerMps: c.corner_mps, energy, battery: null,
  };
}

function projectLine(frame: LocalFrame, coords: number[][]): Float64Array {
  const out = new Float64Array(coords.length * 2);
  coords.forEach(([lon, lat], i) => {
    const [x, y] = frame.forward(lon, lat);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}

function ringBox(ring: Float64Array) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < ring.length; i += 2) {
    minX = Math.min(minX, ring[i]); maxX = Math.max(maxX, ring[i]);
    minY = Math.min(minY, ring[i + 1]); maxY = Math.max(maxY, ring[i + 1]);
  }
  return { minX, minY, maxX, maxY };
}

/** Hash of the scenario content (canonical JSON), stored in replays and summaries. */
export function scenarioHash(s: Scenario): string {
  return new StateHasher().string(canonicalJson(s)).hex();
}

/** Compiles a validated scenario for one run: `seed` becomes `world.seed`, the seed of every RNG stream. */
export function compileWorld(s: Scenario, seed: number): World {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ScenarioCompileError(`seed: expected an integer in [0, 4294967295], got ${seed}`);
  const frame = new LocalFrame(s.origin.lat, s.origin.lon);
  const dt = s.params.dt;
  const classes = CLASS_NAMES.map((n) => envelopeOf(n, s));
  const [w, so, e, n] = s.bounds;
  const corners = [frame.forward(w, so), frame.forward(e, so), frame.forward(e, n), frame.forward(w, n)];
  const bounds = {
    minX: Math.min(...corners.map((c) => c[0])), maxX: Math.max(...corners.map((c) => c[0])),
    minY: Math.min(...corners.map((c) => c[1])), maxY: Math.max(...corners.map((c) => c[1])),
  };

  const geofences: Geofence[] = s.layers.geofences.features.map((f) => ({
    id: f.properties.id, kind: f.properties.kind, floorM: f.properties.floor_m, ceilingM: f.properties.ceiling_m,
    activeFromS: f.properties.active_from_s, activeToS: f.properties.active_to_s,
    ring: projectLine(frame, f.geometry.coordinates[0]),
  }));
  const geofenceIndex = new RBush<BoxItem>();
  geofenceIndex.load(geofences.map((g, index) => ({ ...ringBox(g.ring), index })));

  const vertiports: Vertiport[] = s.layers.vertiports.features.map((f) => {
    const [x, y] = frame.forward(f.geometry.coordinates[0], f.geometry.coordinates[1]);
    return { id: f.properties.id, name: f.properties.name ?? f.properties.id, kind: f.properties.kind, x, y, pads: f.properties.pads, turnaroundTicks: Math.round(f.properties.turnaround_s / dt),
      chargingW: (f.properties.charging_kw ?? 0) * 1000, chargingPads: f.properties.charging_kw && !f.properties.stands ? Math.min(f.properties.pads, f.properties.charging_pads ?? f.properties.pads) : 0, zone: f.properties.zone ?? '',
      departureLanes: f.properties.departure_lanes ?? 1, stands: f.properties.stands ?? 0 };
  });
  const vertiportIndex = new Map(vertiports.map((v, i) => [v.id, i]));

  const corridors: Corridor[] = s.layers.corridors.features.map((f) => ({
    id: f.properties.id, points: projectLine(frame, f.geometry.coordinates), floorM: f.properties.floor_m,
    ceilingM: f.properties.ceiling_m, widthM: f.properties.width_m, direction: f.properties.direction,
    speedMps: f.properties.speed_mps ?? classes[CLASS_EVTOL].cruiseMps, capacityPerHour: f.properties.capacity_per_hour,
  }));
  const roads: Road[] = s.layers.roads.features.map((f) => ({
    id: f.properties.id, points: projectLine(frame, f.geometry.coordinates), lanes: f.properties.lanes,
    speedMps: f.properties.speed_kph / 3.6, oneway: f.properties.oneway,
  }));

  const rng = new RngStreams(seed);
  const zones: Zone[] = s.layers.zones.features.map((f) => {
    const ring = projectLine(frame, f.geometry.coordinates[0]);
    return { id: f.properties.id, name: f.properties.name ?? f.properties.id, kind: f.properties.kind, ring, ...ringBox(ring),
      deliveryPoints: sampleDeliveryPoints(ring, geofences, s.params.delivery_points_per_zone, rng.stream(`zone-points:${f.properties.id}`), f.properties.id) };
  });
  const zoneIndex = new Map(zones.map((z, i) => [z.id, i]));

  // The shuttles' roads: an imported SUMO network (ground.sumo_net) when given, else the roads layer.
  const imported = s.ground.sumo_net ? importedNetworkSpec(s.ground.sumo_net, frame) : null;
  const roadGraph = imported ? graphOfSpec(imported, classes[CLASS_GROUND]) : buildRoadGraph(roads, classes[CLASS_GROUND]);
  const routeCache = new Map<string, Float64Array>();
  const usesGround = s.demand.flows.some((f) => f.class === 'ground');
  const roadSpec = s.ground.model === 'network' && usesGround ? (imported ?? (roads.length ? roadNetworkSpec(roads, classes[CLASS_GROUND]) : null)) : null;
  const roadNetwork = roadSpec ? buildRoadNetwork(roadSpec) : null;
  const groundRouteCache = new Map<string, Int32Array>();
  const flows: CompiledFlow[] = s.demand.flows.map((f, i) => {
    const cls = classIndex(f.class);
    const from = vertiportIndex.get(f.from)!;
    const toZone = f.to.startsWith('zone:') ? zoneIndex.get(f.to.slice(5))! : -1;
    const toVertiport = toZone >= 0 ? -1 : vertiportIndex.get(f.to)!;
    let staticRoute: Float64Array | null = null;
    let groundRoute: Int32Array | null = null;
    if (cls === CLASS_GROUND) {
      const key = `${from}:${toVertiport}`;
      staticRoute = routeCache.get(key) ?? null;
      if (!staticRoute) {
        staticRoute = Float64Array.from(roadRoute(roadGraph, vertiports[from], vertiports[toVertiport], classes[CLASS_GROUND], `demand.flows[${i}]`).values);
        routeCache.set(key, staticRoute);
      }
      if (roadNetwork) {
        groundRoute = groundRouteCache.get(key) ?? null;
        if (!groundRoute) {
          groundRoute = networkRoute(roadNetwork, vertiports[from], vertiports[toVertiport], `demand.flows[${i}]`);
          groundRouteCache.set(key, groundRoute);
        }
      }
    }
    return {
      name: f.name ?? `${f.class} ${f.from}→${f.to}`, cls, from, toVertiport, toZone, fromId: f.from, toId: f.to,
      ratePerS: (f.trips_per_hour * s.demand.scale) / 3600,
      staticRoute, groundRoute, routeLengthM: staticRoute ? routeLength(staticRoute) : 0,
    };
  });
  const a = s.airspace;
  const policyNames = [a.class_policy.drone ?? a.policy, a.class_policy.evtol ?? a.policy, 'roads'];
  const st = a.strategic;
  const strategic = {
    enabled: st.enabled || policyNames.includes('corridors+strategic'), strategy: st.strategy, bufferS: st.buffer_s, growth: st.growth,
    pieceS: st.piece_s, maxDelayS: st.max_delay_s, delayStepS: st.delay_step_s, terminalRadiusM: st.terminal_radius_m, priorities: st.priorities,
  };
  const t = s.tactical, g = s.ground;

  return {
    name: s.name, seed, scenarioHash: scenarioHash(s), origin: { lat: s.origin.lat, lon: s.origin.lon }, dt,
    recordEveryTicks: Math.max(1, Math.round(s.params.record_interval_s / dt)),
    // The roads shuttles drive (an imported SUMO network replaces the roads layer), as replays draw them.
    startTimeS: s.params.start_time_s, bounds, classes, geofences, geofenceIndex, vertiports, corridors, roads: imported ? roadsOfSpec(imported) : roads, zones, flows,
    profile: s.demand.profile, deliveryAddresses: s.demand.delivery_addresses, noncooperativeShare: s.demand.noncooperative_share ?? 0,
    doorToDoor: { share: s.demand.door_to_door?.share ?? 0, accessRadiusM: s.demand.door_to_door?.access_radius_m ?? 3000, waitS: s.demand.door_to_door?.wait_s ?? 120 }, policyNames, layers: [a.layers.drone, a.layers.evtol, []],
    separation: { rpz: s.params.rpz, hpz: s.params.hpz, lookaheadS: s.params.lookahead_s },
    strategic,
    tactical: { enabled: t.enabled, resolver: t.resolver, broadphase: t.broadphase, earth: EARTH_MODELS.get(t.earth ?? 'local'), intervalS: t.interval_s, minAltM: t.min_alt_m, margin: t.margin, terminalRadiusM: t.terminal_radius_m },
    ground: { model: g.model, junctionControl: g.junction_control, carFollowing: g.car_following, tauS: g.tau_s, minGapM: g.min_gap_m, delta: g.delta, lengthM: g.length_m, sigma: g.sigma },
    roadNetwork: roadSpec,
    wind: compileWind(s.wind, frame),
  };
}

type WindInput = NonNullable<Scenario['wind']>;
type Levels = { alt_m: number; from_deg: number; speed_mps: number }[];

function profileOf(levels: Levels): WindProfile {
  const p: WindProfile = { altM: new Float64Array(levels.length), east: new Float64Array(levels.length), north: new Float64Array(levels.length) };
  levels.forEach((l, i) => {
    const [e, n] = windComponents(l.from_deg, l.speed_mps);
    p.altM[i] = l.alt_m;
    p.east[i] = e;
    p.north[i] = n;
  });
  return p;
}

/** The scenario's wind in the local frame (grid points projected; directions to components). */
function compileWind(w: WindInput | undefined, frame: LocalFrame): WindConfig {
  if (!w || w.model === 'none') return { ...NO_WIND, minAltM: w?.min_alt_m ?? NO_WIND.minAltM };
  const gusts = { gustSigmaMps: w.gusts?.sigma_mps ?? 0, gustTauS: w.gusts?.tau_s ?? 30 };
  if (w.model === 'uniform') return { ...NO_WIND, model: 'uniform', profiles: [profileOf([{ alt_m: 0, from_deg: w.from_deg!, speed_mps: w.speed_mps! }])], minAltM: w.min_alt_m, ...gusts };
  if (w.model === 'layered') return { ...NO_WIND, model: 'layered', profiles: [profileOf(w.levels!)], minAltM: w.min_alt_m, ...gusts };
  const pts = w.points!;
  const pointX = new Float64Array(pts.length), pointY = new Float64Array(pts.length);
  pts.forEach((p, i) => {
    [pointX[i], pointY[i]] = frame.forward(p.lon, p.lat);
  });
  return { model: 'grid', profiles: pts.map((p) => profileOf(p.levels)), pointX, pointY, minAltM: w.min_alt_m, ...gusts };
}

function routeLength(values: ArrayLike<number>): number {
  let total = 0;
  for (let p = WP_STRIDE; p < values.length; p += WP_STRIDE) {
    total += Math.hypot(values[p] - values[p - WP_STRIDE], values[p + 1] - values[p + 1 - WP_STRIDE], values[p + 2] - values[p + 2 - WP_STRIDE]);
  }
  return total;
}

function sampleDeliveryPoints(ring: Float64Array, geofences: Geofence[], count: number, u: () => number, zoneId: string): Float64Array {
  const box = ringBox(ring);
  const out = new Float64Array(count * 2);
  let found = 0;
  // Rejection sampling: inside the zone, outside every geofence (any altitude, any time).
  for (let attempt = 0; found < count && attempt < count * 1000; attempt++) {
    const x = box.minX + u() * (box.maxX - box.minX);
    const y = box.minY + u() * (box.maxY - box.minY);
    if (!pointInRing(ring, x, y)) continue;
    if (geofences.some((g) => pointInRing(g.ring, x, y))) continue;
    out[2 * found] = x;
    out[2 * found + 1] = y;
    found++;
  }
  if (found < count) throw new ScenarioCompileError(`zone "${zoneId}": could not place ${count} delivery points outside geofences (found ${found})`);
  return out;
}

/** Road vertices merged within 0.5 m (one junction each) and the segments between them, in road order. */
function roadSegments(roads: Road[]): { nodes: { x: number; y: number }[]; segments: { a: number; b: number; road: Road; length: number }[] } {
  const nodes: { x: number; y: number }[] = [];
  const keyed = new Map<string, number>();
  const nodeOf = (x: number, y: number) => {
    const key = `${Math.round(x * 2)}:${Math.round(y * 2)}`;
    let id = keyed.get(key);
    if (id === undefined) {
      id = nodes.push({ x, y }) - 1;
      keyed.set(key, id);
    }
    return id;
  };
  const segments: { a: number; b: number; road: Road; length: number }[] = [];
  for (const road of roads) {
    for (let i = 2; i < road.points.length; i += 2) {
      const a = nodeOf(road.points[i - 2], road.points[i - 1]);
      const b = nodeOf(road.points[i], road.points[i + 1]);
      if (a !== b) segments.push({ a, b, road, length: Math.hypot(road.points[i] - road.points[i - 2], road.points[i + 1] - road.points[i - 1]) });
    }
  }
  return { nodes, segments };
}

/** Road graph for the simple ground model: a node per merged vertex, an edge per segment and direction. */
function buildRoadGraph(roads: Road[], ground: ClassEnvelope) {
  const graph = new Graph();
  const { nodes, segments } = roadSegments(roads);
  for (const n of nodes) graph.addNode(n.x, n.y, 0);
  for (const { a, b, road, length } of segments) {
    const speed = Math.min(road.speedMps, ground.maxMps);
    graph.addEdge(a, b, length / speed, speed);
    if (!road.oneway) graph.addEdge(b, a, length / speed, speed);
  }
  return graph;
}

/**
 * The roads as a lane-level network: a junction per merged vertex, a link per segment and
 * direction with the road's lanes; wider and faster roads have priority.
 */
function roadNetworkSpec(roads: Road[], ground: ClassEnvelope): RoadNetworkSpec {
  const { nodes, segments } = roadSegments(roads);
  const links: RoadLinkSpec[] = [];
  const seen = new Set<string>();
  const add = (from: number, to: number, r: Road) => {
    const key = `${from}>${to}`;
    if (seen.has(key)) return; // two roads along one segment: the first one counts
    seen.add(key);
    links.push({ from, to, lanes: r.lanes, speed: Math.min(r.speedMps, ground.maxMps), priority: r.lanes * 1000 + Math.round(r.speedMps * 3.6) });
  };
  for (const { a, b, road } of segments) {
    add(a, b, road);
    if (!road.oneway) add(b, a, road);
  }
  return { nodes, links };
}

function buildRoadNetwork(spec: RoadNetworkSpec): RoadNetwork {
  try {
    return roadNetworkOf(spec);
  } catch (e) {
    throw new ScenarioCompileError(`layers.roads: ${(e as Error).message}`);
  }
}

function networkRoute(net: RoadNetwork, from: Vertiport, to: Vertiport, where: string): Int32Array {
  const route = net.routeBetweenNodes(net.nearestNode(from.x, from.y), net.nearestNode(to.x, to.y));
  if (!route) throw new ScenarioCompileError(`${where}: no road connects vertiport "${from.id}" to "${to.id}"`);
  return Int32Array.from(route);
}

function roadRoute(graph: Graph, from: Vertiport, to: Vertiport, ground: ClassEnvelope, where: string): WaypointList {
  if (graph.nodeCount === 0) throw new ScenarioCompileError(`${where}: ground flow needs a road network, but the roads layer is empty`);
  const a = graph.nearestNode(from.x, from.y);
  const b = graph.nearestNode(to.x, to.y);
  // A*: straight-line distance at the class top speed never overestimates the travel time.
  const path = graph.shortestPath(a, b, (n) => Math.hypot(graph.nodeX[n] - graph.nodeX[b], graph.nodeY[n] - graph.nodeY[b]) / ground.maxMps);
  if (!path) throw new ScenarioCompileError(`${where}: no road connects vertiport "${from.id}" to "${to.id}"`);
  const list = new WaypointList();
  list.push(graph.nodeX[a], graph.nodeY[a], 0, ground.maxMps, 0);
  for (let i = 1; i < path.nodes.length; i++) {
    const node = path.nodes[i];
    list.push(graph.nodeX[node], graph.nodeY[node], 0, graph.edgeSpeed[path.edges[i - 1]], 0);
  }
  if (list.count < 2) list.push(graph.nodeX[b], graph.nodeY[b], 0, ground.maxMps, 0);
  assignPassSpeeds(list.values, 0, list.count, ground.cornerMps);
  return list;
}
