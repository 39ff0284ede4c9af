import { compileWorld, Simulation } from '../sim-core/index.ts';
import type { DelaySearch } from '../sim-core/deconfliction/strategic/planner.ts';
import { loadScenario } from '../src/scenario-loader.ts';

/**
 * Strategic planning on Alatau ×10 for one hour (defaults: strategic on, ground delay, MVP): the
 * landed ground-delay search (volumes rebuilt at every step) as the baseline, the step search
 * with shifted volumes and conflict skips (the default), and the interval search, in the same
 * run. All three must accept the same plans (same state hash); reported: wall time, real-time
 * factor, plans per wall second of the whole run and of planning alone.
 */
export function strategicSearchBench(scale = Number(process.env.STRATEGIC_SCALE ?? 10), seconds = Number(process.env.STRATEGIC_SECONDS ?? 3600)): Record<string, number | string>[] {
  const rows: Record<string, number | string>[] = [];
  let reference = '';
  for (const search of ['landed', 'steps', 'intervals'] as DelaySearch[]) {
    const s = loadScenario('alatau', [`demand.scale=${scale}`]);
    const sim = new Simulation(compileWorld(s, 1), { record: false, delaySearch: search });
    // Time the planner separately: wrap its plan() for this run.
    let planMs = 0;
    const plan = sim.planner.plan.bind(sim.planner);
    sim.planner.plan = (req) => { const t = performance.now(); const r = plan(req); planMs += performance.now() - t; return r; };
    const t0 = performance.now();
    sim.run(Math.round(seconds / s.params.dt));
    const wall = (performance.now() - t0) / 1000;
    const st = sim.planner.stats, hash = sim.stateHash();
    reference ||= hash;
    rows.push({
      search, demand_scale: scale, sim_s: seconds, wall_s: +wall.toFixed(2), realtime_factor: +(seconds / wall).toFixed(0), plans: st.plans, accepted: st.accepted,
      rejected: st.rejected, delayed: st.delayed, plans_per_wall_s: Math.round(st.plans / wall), planning_s: +(planMs / 1000).toFixed(2),
      plans_per_planning_s: Math.round(st.plans / (planMs / 1000)), state_hash: hash, same_plans_as_landed: hash === reference ? 'yes' : 'NO',
    });
    console.error(`${search}: ${wall.toFixed(1)} s, planning ${(planMs / 1000).toFixed(1)} s`);
  }
  return rows;
}
