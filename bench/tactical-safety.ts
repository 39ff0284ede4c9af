import { compileWorld, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';

/**
 * Does tactical resolution make traffic safer, never worse? The same Alatau scenario and seed
 * with each resolver and with `none`, strategic deconfliction on (the default) and off, at
 * several demand scales: unique LoS pairs, time in LoS, completed trips, aircraft airborne at the
 * end and overdue (airborne > 2× their plan + lookahead). `TACTICAL_SAFETY_QUICK=1` runs the short set.
 */
const FULL: [string, number, number, boolean][] = [
  // [label, demand scale, hours, strategic]
  ['×1 24 h, strategic on (default)', 1, 24, true],
  ['×10 1 h, strategic on', 10, 1, true],
  ['×20 1 h, strategic on', 20, 1, true],
  ['×1 6 h, strategic off', 1, 6, false],
  ['×10 1 h, strategic off', 10, 1, false],
];
const QUICK: typeof FULL = [['×1 2 h, strategic off', 1, 2, false]];

export function tacticalSafetyBench(): Record<string, number | string>[] {
  const rows: Record<string, number | string>[] = [];
  for (const [label, scale, hours, strategic] of process.env.TACTICAL_SAFETY_QUICK ? QUICK : FULL) {
    for (const cr of strategic ? ['none', 'mvp', 'mvp-horizontal', 'vo'] : ['none', 'mvp', 'mvp-horizontal', 'vo', 'vertical']) {
      const s = loadScenario('alatau', [`demand.scale=${scale}`, `airspace.strategic.enabled=${strategic}`, `tactical.resolver="${cr}"`]);
      const sim = new Simulation(compileWorld(s, 1), { record: false });
      const t0 = performance.now();
      sim.run(Math.round((hours * 3600) / s.params.dt));
      const wall = (performance.now() - t0) / 1000;
      const t = sim.tactical.summary(), c = sim.classSummary();
      rows.push({
        case: label, resolver: cr, los_pairs: t.los, los_time_s: t.los_time_s, conflicts: t.conflicts,
        drone_completed: c[0].completed, evtol_completed: c[1].completed, drone_airborne_end: c[0].airborne_end, evtol_airborne_end: c[1].airborne_end,
        overdue: c[0].overdue + c[1].overdue, pairs_resolved: t.resolution.pairs_resolved, skipped_conforming: t.resolution.skipped_conforming, wall_s: +wall.toFixed(1),
      });
      console.error(`${label} ${cr}: LoS ${t.los} / ${t.los_time_s} s, overdue ${c[0].overdue + c[1].overdue}`);
    }
  }
  return rows;
}
