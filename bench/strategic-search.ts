import { compileWorld, Simulation } from '../sim-core/index.ts';
import { historyTicks, type DelaySearch, type ReservationIndexFactory } from '../sim-core/deconfliction/strategic/planner.ts';
import { ReservationGrid } from '../sim-core/deconfliction/strategic/reservation-grid.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { rbushIntentStore } from './baselines/rbush-intent-store.ts';

/**
 * Strategic planning on Alatau ×10 for one hour (defaults: strategic on, ground delay, MVP), in
 * one run: the landed planner (rbush store of volume objects, volumes rebuilt and tested at every
 * delay step) as the baseline; the step search with shifted volumes and skips on that rbush store
 * (the previous default); and on the reservation grid (typed-array columns, time-sorted space
 * cells, 125 m to 1 km: the cell size the default uses is chosen here) the step search (the
 * default) and the interval search. All must accept the same plans
 * (same state hash); reported: wall time, real-time factor, plans per wall second of the whole run
 * and of planning alone.
 */
export function strategicSearchBench(scale = Number(process.env.STRATEGIC_SCALE ?? 10), seconds = Number(process.env.STRATEGIC_SECONDS ?? 3600)): Record<string, number | string>[] {
  const rows: Record<string, number | string>[] = [];
  let reference = '';
  const variants: { search: DelaySearch; index: string; cellM?: number }[] = [
    { search: 'landed', index: 'rbush' }, { search: 'steps', index: 'rbush' },
    ...[125, 250, 500, 1000].map((cellM) => ({ search: 'steps' as const, index: `grid ${cellM} m`, cellM })),
    { search: 'intervals', index: 'grid 500 m', cellM: 500 },
  ];
  for (const { search, index, cellM } of variants) {
    const s = loadScenario('alatau', [`demand.scale=${scale}`]);
    const reservationIndex: ReservationIndexFactory = cellM ? (rpz, dt, c) => new ReservationGrid(rpz, cellM, historyTicks(c, dt)) : rbushIntentStore;
    const sim = new Simulation(compileWorld(s, 1), { record: false, delaySearch: search, reservationIndex });
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
      search, index, demand_scale: scale, sim_s: seconds, wall_s: +wall.toFixed(2), realtime_factor: +(seconds / wall).toFixed(0), plans: st.plans, accepted: st.accepted,
      rejected: st.rejected, delayed: st.delayed, plans_per_wall_s: Math.round(st.plans / wall), planning_s: +(planMs / 1000).toFixed(2),
      plans_per_planning_s: Math.round(st.plans / (planMs / 1000)), state_hash: hash, same_plans_as_landed: hash === reference ? 'yes' : 'NO',
    });
    console.error(`${search} on ${index}: ${wall.toFixed(1)} s, planning ${(planMs / 1000).toFixed(1)} s`);
  }
  return rows;
}
