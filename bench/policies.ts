import { compileWorld, Simulation } from '../sim-core/index.ts';
import { airNetworkOf } from '../sim-core/routing/air-network.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { RngStreams } from '../sim-core/world/rng.ts';

/**
 * Routing policies compared on Alatau (one simulated hour, seed 1, strategic deconfliction with
 * ground delay): completed trips, ground delay (mean, p95), rejections, distance, and the wall
 * time of the run; the first row runs with strategic deconfliction off as the baseline.
 */
export function policiesBench(durationS = 3600) {
  const rows: Record<string, number | string>[] = [];
  const cases: [string, string[]][] = [
    ['default, strategic off (baseline)', ['airspace.strategic.enabled=false']],
    ['default (drones full-mix, eVTOL tubes)', []],
    ...['full-mix', 'layers', 'zones', 'tubes', 'corridors+strategic'].map((p): [string, string[]] => [p, [`airspace.policy="${p}"`, 'airspace.class_policy={}']]),
  ];
  for (const [name, overrides] of cases) {
    const world = compileWorld(loadScenario('alatau', overrides), 1);
    const sim = new Simulation(world, { record: false });
    const t0 = performance.now();
    sim.run(Math.round(durationS / world.dt));
    const wall = (performance.now() - t0) / 1000;
    const [d, e] = sim.classSummary();
    rows.push({
      policy: name, plans: sim.planner.stats.plans, plans_per_wall_s: Math.round(sim.planner.stats.plans / wall),
      drone_done: d.completed, drone_delay_mean_s: d.ground_delay_mean_s, drone_delay_p95_s: d.ground_delay_p95_s, drone_rejected: d.rejected,
      evtol_done: e.completed, evtol_delay_mean_s: e.ground_delay_mean_s, evtol_delay_p95_s: e.ground_delay_p95_s, evtol_rejected: e.rejected,
      air_km: Math.round((d.distance_m + e.distance_m) / 1000), wall_s: +wall.toFixed(2), realtime_factor: Math.round(durationS / wall),
    });
  }
  return rows;
}

/** Air-network A* plans per second on Alatau (random vertiport and delivery-point pairs), with Dijkstra as the baseline. */
export function airNetworkBench(queries = 20000) {
  const world = compileWorld(loadScenario('alatau'), 1);
  const net = airNetworkOf(world.corridors);
  const u = new RngStreams(1).stream('bench-air');
  const pts: number[] = [];
  for (const v of world.vertiports) pts.push(v.x, v.y);
  for (const z of world.zones) for (let i = 0; i < 64; i++) pts.push(z.deliveryPoints[2 * i], z.deliveryPoints[2 * i + 1]);
  const n = pts.length / 2;
  const pairs = Array.from({ length: queries }, () => [Math.floor(u() * n), Math.floor(u() * n)]);
  const c = world.classes[1];
  const rows: Record<string, number | string>[] = [];
  for (const [name, dijkstra] of [['A*', false], ['Dijkstra baseline', true]] as const) {
    let found = 0, expanded = 0, costSum = 0;
    for (const [a, b] of pairs.slice(0, 500)) net.route(pts[2 * a], pts[2 * a + 1], pts[2 * b], pts[2 * b + 1], c, { dijkstra });
    const t0 = performance.now();
    for (const [a, b] of pairs) {
      const r = net.route(pts[2 * a], pts[2 * a + 1], pts[2 * b], pts[2 * b + 1], c, { dijkstra });
      if (r) {
        found++;
        costSum += r.cost;
      }
      expanded += net.expanded;
    }
    const ms = performance.now() - t0;
    rows.push({ search: name, network_nodes: net.nodeCount, queries, found, plans_per_s: Math.round(queries / (ms / 1000)), mean_expanded: +(expanded / queries).toFixed(1), cost_checksum: Math.round(costSum) });
  }
  return rows;
}
