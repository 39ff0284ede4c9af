import { compileWorld, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { RngStreams } from '../sim-core/world/rng.ts';
import { TrafficState } from '../sim-core/deconfliction/tactical/traffic.ts';
import { DetectionResult } from '../sim-core/deconfliction/tactical/cpa.ts';
import { AllPairs, RBushBroadPhase, UniformGrid, type BroadPhase } from '../sim-core/deconfliction/tactical/broadphase.ts';
import { SlicedGrid } from '../sim-core/deconfliction/tactical/sliced-grid.ts';

const P = { rpz: 50, hpz: 15, tlook: 60 };

/** The `detect` snapshot: `n` drones at `perKm2` per km² (random tracks, 10–20 m/s, 30–120 m, 20 % climbing or descending); also used by the city-scale bench. */
export function traffic(n: number, perKm2: number, seed = 1): TrafficState {
  const u = new RngStreams(seed).stream(`traffic:${n}`);
  const side = Math.sqrt(n / perKm2) * 1000;
  const s = new TrafficState();
  s.ensure(n);
  for (let i = 0; i < n; i++) s.push(i, -1, 0, u() * side, u() * side, 30 + u() * 90, 10 + u() * 10, u() * 2 * Math.PI, u() < 0.8 ? 0 : (u() - 0.5) * 6);
  return s;
}

function time(bp: BroadPhase, s: TrafficState, reps: number): { ms: number; pairs: number; conflicts: number } {
  const out = new DetectionResult();
  // Warm-up: a few passes, so that the first broad phase timed in the process does not pay for the JIT's tiers.
  for (let w = 0; w < Math.max(1, Math.min(reps, 5)); w++) bp.detect(s, P, out);
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) bp.detect(s, P, out);
  return { ms: (performance.now() - t0) / reps, pairs: out.candidatePairs, conflicts: out.conflicts };
}

/**
 * One detection pass (rpz 50 m, hpz 15 m, lookahead 60 s) at 40 drones per km² for 1k, 5k, 10k
 * and 50k drones: the sliced grid (the engine's default since 2026-12-04), the uniform grid (the
 * default before it), rbush bulk load, and the all-pairs baseline, in the same run. Memory: heap
 * growth of one sliced-grid pass at 5k.
 */
export function detectionBench(sizes = [1000, 5000, 10000, 50000]) {
  const rows: Record<string, number | string>[] = [];
  for (const n of sizes) {
    const s = traffic(n, 40);
    const sliced = time(new SlicedGrid(), s, n >= 50000 ? 3 : 10);
    const grid = time(new UniformGrid(), s, n >= 50000 ? 3 : 10);
    const rb = time(new RBushBroadPhase(), s, n >= 50000 ? 2 : 5);
    const naive = time(new AllPairs(), s, n >= 50000 ? 1 : n >= 10000 ? 1 : 3);
    if (sliced.conflicts !== naive.conflicts || grid.conflicts !== naive.conflicts || rb.conflicts !== naive.conflicts) throw new Error(`broad phases disagree at n=${n}`);
    rows.push({
      drones: n, conflicts: naive.conflicts, sliced_ms: +sliced.ms.toFixed(2), grid_ms: +grid.ms.toFixed(2), rbush_ms: +rb.ms.toFixed(2), all_pairs_ms: +naive.ms.toFixed(1),
      sliced_speedup: +(naive.ms / sliced.ms).toFixed(1), grid_speedup: +(naive.ms / grid.ms).toFixed(1), rbush_speedup: +(naive.ms / rb.ms).toFixed(1),
      sliced_candidate_pairs: sliced.pairs, grid_candidate_pairs: grid.pairs,
      ns_per_candidate_pair: Math.round((sliced.ms * 1e6) / Math.max(1, sliced.pairs)),
    });
  }
  // Memory of a grid pass at 5k: heap before/after with a fresh detector (GC first when exposed).
  const gc = (globalThis as { gc?: () => void }).gc;
  const s5 = traffic(5000, 40);
  gc?.();
  const before = process.memoryUsage();
  const out = new DetectionResult();
  new SlicedGrid().detect(s5, P, out);
  const after = process.memoryUsage();
  rows.push({ drones: '5000 (memory)', sliced_ms: '', conflicts: out.conflicts, all_pairs_ms: '', heap_growth_mb: +((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(2), array_buffers_growth_mb: +((after.arrayBuffers - before.arrayBuffers) / 2 ** 20).toFixed(2), rss_mb: +(after.rss / 2 ** 20).toFixed(0) });
  return rows;
}

/**
 * Whole engine with many drones in the Alatau area (strategic deconfliction off so every trip
 * flies at once): warm up with demand scaled until ~N drones are airborne, then time 120
 * simulated seconds with detection every second and MVP resolution, against the same stretch
 * with tactical off.
 */
export function tacticalRunBench(targets = [1000, 5000, 10000], scales?: number[]) {
  const rows: Record<string, number | string>[] = [];
  for (const [i, target] of targets.entries()) {
    // Demand scale chosen so that about `target` agents are alive after the warm-up (measured: agents grow faster than linearly with scale).
    // TACTICAL_SCALES=26,100 sets the scales directly (measured: ~10k and ~48k agents with MVP).
    const scale = scales?.[i] ?? (target <= 1000 ? 5 : target <= 5000 ? 12 : 24);
    const result: Record<string, number | string> = { target_drones: target || "-", demand_scale: scale };
    for (const cr of ['off', 'none', 'mvp']) {
      const over = ['airspace.strategic.enabled=false', `demand.scale=${scale}`, 'airspace.class_policy={}', `tactical.enabled=${cr !== 'off'}`, `tactical.resolver="${cr === 'off' ? 'none' : cr}"`];
      const world = compileWorld(loadScenario('alatau', over), 1);
      const sim = new Simulation(world, { record: false });
      sim.run(Math.round(1200 / world.dt)); // warm-up: 20 minutes
      const agents = sim.agents.activeCount;
      const t0 = performance.now();
      sim.run(Math.round(120 / world.dt));
      const wall = (performance.now() - t0) / 1000;
      // Resolution slows trips, so more agents are alive with it: report each variant's count.
      result[`agents_${cr}`] = agents;
      result[`rtf_${cr}`] = +(120 / wall).toFixed(1);
      if (cr === 'mvp') result.los_unique = sim.tactical.summary().los;
    }
    console.log(JSON.stringify(result));
    rows.push(result);
  }
  return rows;
}
