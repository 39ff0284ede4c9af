import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { compileWorld, Simulation } from '../sim-core/index.ts';
import { checkIntents } from '../sim-core/deconfliction/strategic/intents.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { ParallelBroadPhase } from '../src/parallel/parallel-broad-phase.ts';
import { rbushIntentStore } from './baselines/rbush-intent-store.ts';

/**
 * One planner variant of the city-scale bench on Alatau ×10 for 1 h: wall time, plans and the
 * time spent planning, the independent intent check, rejections and delays by reason. Run once per
 * variant in its own process, compiled (bench/city-scale.ts bundles this file): `node
 * bench/.build/city-scale-planner.js "<variant>"` prints the row as JSON.
 */
export const PLANNER_VARIANTS = ['landed planner (baseline)', 'reservation grid (default)', 'reservation grid, --workers 2'];

export function plannerRow(variant: string): Record<string, number | string> {
  const s = loadScenario('alatau', ['demand.scale=10']);
  const baseline = variant.startsWith('landed');
  const pool = variant.endsWith('2') ? new ParallelBroadPhase(2) : undefined;
  const sim = new Simulation(compileWorld(s, 1), { record: false, keepIntents: true, delaySearch: baseline ? 'landed' : 'steps', reservationIndex: baseline ? rbushIntentStore : undefined, broadPhase: pool });
  let planMs = 0;
  const plan = sim.planner.plan.bind(sim.planner);
  sim.planner.plan = (req) => { const t = performance.now(); const r = plan(req); planMs += performance.now() - t; return r; };
  const t0 = performance.now();
  sim.run(Math.round(3600 / s.params.dt));
  const wall = (performance.now() - t0) / 1000;
  void pool?.close();
  const st = sim.airspaceSummary().strategic;
  const check = checkIntents(sim.planner.kept, sim.world.separation.rpz, sim.planner.bookings.pads.all());
  const rej = st.rejections_by_reason, del = st.delay_by_reason;
  return {
    workload: 'alatau ×10, 1 h', variant, wall_s: +wall.toFixed(2), realtime_factor: Math.round(3600 / wall), plans: st.plans, accepted: st.accepted, rejected_pct: +((100 * st.rejected) / st.plans).toFixed(1),
    planning_s: +(planMs / 1000).toFixed(2), plans_per_planning_s: Math.round(st.plans / (planMs / 1000)), plans_per_wall_s: Math.round(st.plans / wall),
    overlapping_intents: check.overlaps, pad_clashes: check.padClashes, state_hash: sim.stateHash(),
    rejections_by_reason: Object.entries(rej).map(([k, v]) => `${k} ${v}`).join(', '),
    delay_by_reason: Object.entries(del).map(([k, v]) => `${k} ${v.trips}/${Math.round(v.delay_s / Math.max(1, v.trips))}s`).join(', '),
  };
}

// Main only when this file (or its bundle) is the entry: a bundle that merely imports it shares its import.meta.url.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && /city-scale-planner\.[jt]s$/.test(process.argv[1])) {
  const variant = process.argv[2];
  if (!PLANNER_VARIANTS.includes(variant)) {
    console.error(`error: unknown planner variant "${variant}": expected one of ${PLANNER_VARIANTS.join(', ')}`);
    process.exit(2);
  }
  console.log(JSON.stringify(plannerRow(variant)));
  process.exit(0);
}
