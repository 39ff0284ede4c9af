import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { polygon as turfPolygon } from '@turf/helpers';
import { compileWorld, Simulation, validateScenario } from '../sim-core/index.ts';
import { alatauScenario } from '../src/scenarios/alatau/scenario.ts';
import { ParallelBroadPhase } from '../src/parallel/parallel-broad-phase.ts';
import { POLICIES } from '../sim-core/routing/policies/index.ts';
import { RESOLVERS } from '../sim-core/deconfliction/tactical/resolve/index.ts';

/**
 * The airborne stress city: Alatau's districts, geofences and airspace, with drone hubs every
 * 2 km over the districts (outside geofences) each sending deliveries to addresses in its own
 * district at a steady rate (flat profile), no eVTOL and no ground traffic, strategic
 * deconfliction off, detection every second + MVP. (Alatau's own demand scaled
 * up sends everything from four hubs: at ×500 that is 50 departures a second per hub and millions
 * of conflict pairs a pass, a pile-up rather than a city.)
 */
export function stressScenario(target: number, policy?: string, resolver = 'mvp') {
  const raw = alatauScenario() as unknown as { layers: { vertiports: { features: unknown[] }; zones: { features: { properties: { id: string }; geometry: { coordinates: number[][][] } }[] }; geofences: { features: { geometry: { coordinates: number[][][] } }[] } }; demand: { scale: number; profile: number[]; flows: unknown[]; door_to_door?: unknown }; airspace: { policy: string; strategic: { enabled: boolean } }; tactical: { resolver: string } };
  const hubs: { id: string; lon: number; lat: number; zone: string }[] = [];
  const inside = (f: { geometry: { coordinates: number[][][] } }, lon: number, lat: number) => booleanPointInPolygon([lon, lat], turfPolygon(f.geometry.coordinates));
  const dLat = 2 / 111.2, dLon = 2 / (111.2 * Math.cos((43.6 * Math.PI) / 180));
  for (const z of raw.layers.zones.features) {
    const ring = z.geometry.coordinates[0];
    const lons = ring.map((p) => p[0]), lats = ring.map((p) => p[1]);
    for (let lat = Math.min(...lats) + dLat / 2; lat < Math.max(...lats); lat += dLat) {
      for (let lon = Math.min(...lons) + dLon / 2; lon < Math.max(...lons); lon += dLon) {
        if (!inside(z, lon, lat) || raw.layers.geofences.features.some((g) => inside(g, lon, lat))) continue;
        hubs.push({ id: `stress-hub-${hubs.length}`, lon, lat, zone: z.properties.id });
      }
    }
  }
  // Airborne ≈ rate × flight time, taking 480 s a flight. Flights last longer than that: with
  // target 100,000 (3,378 deliveries/h from each of 222 hubs) 106,775 were airborne after the
  // 9-minute build-up and the count was still rising, so the build-up sets the count as much as this.
  const perHubPerHour = Math.round(((target / 480) * 3600) / hubs.length);
  raw.layers.vertiports.features = hubs.map((h) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [h.lon, h.lat] }, properties: { id: h.id, name: h.id, zone: h.zone, pads: 1000, turnaround_s: 60, kind: 'drone-hub' } }));
  raw.demand = { scale: 1, profile: Array(24).fill(1), flows: hubs.map((h) => ({ class: 'drone', from: h.id, to: `zone:${h.zone}`, trips_per_hour: perHubPerHour })) };
  raw.airspace.strategic.enabled = false;
  if (policy) raw.airspace.policy = policy;
  raw.tactical.resolver = resolver;
  const v = validateScenario(raw, { scenarioFile: 'stress (bench/city-scale.ts)' });
  if (!v.ok) throw new Error(`stress scenario invalid: ${v.problems.slice(0, 3).map((p) => p.message).join('; ')}`);
  return { scenario: v.scenario, hubs: hubs.length, perHubPerHour, policy: raw.airspace.policy, resolver };
}

/**
 * The airborne stress (stressScenario): CITY_STRESS_BUILDUP_MIN (9) simulated minutes of build-up (~107,000 aircraft),
 * then 60 s measured, with 1 and with 2 detection threads (the same run twice: the rows must
 * agree, state hash included). `policy` replaces Alatau's drone routing policy (full-mix: every
 * drone at its 90 m cruise altitude) for a comparison row, e.g. `layers` (altitude by heading), and
 * `resolver` MVP (three-dimensional) e.g. with `mvp-horizontal` (BlueSky's default MVP). Each row
 * also says what the traffic looked like at the last pass (trafficAtEnd).
 */
export function stressRow(target: number, workers: number, policy?: string, resolver = 'mvp'): Record<string, number | string> {
  const buildup = Number(process.env.CITY_STRESS_BUILDUP_MIN ?? 9);
  {
    const { scenario, hubs, perHubPerHour, policy: used } = stressScenario(target, policy, resolver);
    const world = compileWorld(scenario, 1);
    const pool = workers > 1 ? new ParallelBroadPhase(workers) : undefined;
    const sim = new Simulation(world, { record: false, broadPhase: pool });
    const t0 = performance.now();
    for (let m = 1; m <= buildup; m++) {
      sim.run(Math.round(60 / world.dt));
      console.error(`  stress (${workers} thread(s)) build-up minute ${m}: ${sim.agents.activeCount} agents, wall ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const agents = sim.agents.activeCount, seconds = 60;
    const t1 = performance.now();
    sim.run(Math.round(seconds / world.dt));
    const wall = (performance.now() - t1) / 1000;
    void pool?.close();
    const tac = sim.airspaceSummary().tactical;
    return {
      workload: `airborne stress: ${hubs} hubs × ${perHubPerHour} deliveries/h, strategic off, detection 1 s + MVP`, variant: `${workers} detection thread(s)${policy ? `, policy ${used}` : ''}${resolver !== 'mvp' ? `, resolver ${resolver}` : ''}`, policy: used, resolver, agents, agents_end: sim.agents.activeCount,
      wall_s: +wall.toFixed(2), realtime_factor: +(seconds / wall).toFixed(2), agent_updates_per_s: Math.round((agents * seconds) / world.dt / wall), hot_bytes_per_agent: hotBytesPerAgent(sim),
      los: tac.los, conflicts: tac.conflicts, ...trafficAtEnd(sim), state_hash: sim.stateHash(),
    };
  }
}

/**
 * What the last detection pass saw: aircraft in the picture, candidate pairs the broad phase
 * tested, conflicts and LoS pairs, the share of the picture resolving and the share climbing or
 * descending (|vz| > 0.1 m/s), the resolved pairs the resume tracker watches. These say why a
 * pass costs what it does (the detection work grows with the candidate pairs, the resume pass
 * with its pairs; tall boxes of climbing aircraft meet every level).
 */
function trafficAtEnd(sim: Simulation): Record<string, number> {
  const t = sim.tactical, s = t.state, r = t.result, a = sim.agents;
  let resolving = 0, vertical = 0;
  for (let i = 0; i < s.n; i++) {
    if (a.resoActive[s.slot[i]]) resolving++;
    if (Math.abs(s.vz[i]) > 0.1) vertical++;
  }
  const share = (k: number) => +(k / Math.max(1, s.n)).toFixed(3);
  return {
    last_pass_picture: s.n, last_pass_candidate_pairs: r.candidatePairs, last_pass_conflicts: r.conflicts, last_pass_los: r.los,
    resolving_share: share(resolving), vertical_share: share(vertical), resume_pairs: t.resumePairs,
  };
}

/** Bytes of the agent store's typed-array columns per slot (the state every tick touches). */
function hotBytesPerAgent(sim: Simulation): number {
  let bytes = 0;
  for (const v of Object.values(sim.agents)) if (ArrayBuffer.isView(v) && !(v instanceof DataView)) bytes += (v as Float64Array).BYTES_PER_ELEMENT;
  return bytes;
}

// `node bench/.build/city-scale-stress.js <target> <workers> [policy] [resolver]` (the city-scale bench bundles this file): one row as JSON.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && /city-scale-stress\.[jt]s$/.test(process.argv[1])) {
  const target = Number(process.argv[2] ?? 100_000), workers = Number(process.argv[3] ?? 1), policy = process.argv[4] || undefined, resolver = process.argv[5] ?? 'mvp';
  if (!(target > 0) || !(workers >= 1) || (policy !== undefined && !POLICIES.has(policy)) || !RESOLVERS.has(resolver)) {
    console.error(`error: expected <target aircraft> <detection threads> [${POLICIES.names.join('|')}] [${RESOLVERS.names.join('|')}], e.g. 100000 2 layers mvp-horizontal`);
    process.exit(2);
  }
  console.log(JSON.stringify(stressRow(target, workers, policy, resolver)));
  process.exit(0);
}
