import { fileURLToPath } from 'node:url';
import { compileWorld, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';

/**
 * A simulated day with every engine feature on (strategic and tactical deconfliction, the
 * lane-level ground network, energy, the timeline; the replay off: it is an output buffer that
 * grows by design): wall time and the heap after each hour (after a full GC when node runs with
 * --expose-gc, as `npm run bench -- day` does), and whether any figure went NaN.
 */
export interface DayResult {
  scale: number;
  hours: number;
  wall_s: number;
  heap_mib_by_hour: number[];
  heap_ratio_last_vs_h2: number;
  /** Typed-array memory (process.memoryUsage().arrayBuffers, outside the JS heap: the engine's columns, the event log, the reservation grid). */
  array_buffers_mib_by_hour: number[];
  plans: number;
  rejected: number;
  los: number;
  overdue: number;
  non_finite: number;
  gc_forced: boolean;
}

export function simulateDay(scale: number, hours = 24, log: (line: string) => void = () => {}, overrides: string[] = []): DayResult {
  const s = loadScenario('alatau', [`demand.scale=${scale}`, ...overrides]);
  const sim = new Simulation(compileWorld(s, 1), { record: false });
  const perHour = Math.round(3600 / s.params.dt);
  const gc = (globalThis as { gc?: () => void }).gc;
  const t0 = performance.now();
  const heap: number[] = [], buffers: number[] = [];
  for (let h = 1; h <= hours; h++) {
    sim.run(perHour);
    gc?.();
    const mem = process.memoryUsage();
    heap.push(Math.round((mem.heapUsed / 2 ** 20) * 10) / 10);
    buffers.push(Math.round((mem.arrayBuffers / 2 ** 20) * 10) / 10);
    log(`  ×${scale} hour ${h}: wall ${((performance.now() - t0) / 1000).toFixed(0)} s, heap ${heap[h - 1]} MiB, typed arrays ${buffers[h - 1]} MiB, agents ${sim.agents.activeCount}`);
  }
  const wall = (performance.now() - t0) / 1000;
  const summary = sim.summary();
  let nonFinite = 0;
  const walk = (v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) nonFinite++;
    else if (v && typeof v === 'object') for (const c of Object.values(v)) walk(c);
  };
  walk(summary);
  const st = summary.airspace.strategic;
  return {
    scale, hours, wall_s: Math.round(wall * 10) / 10, heap_mib_by_hour: heap,
    heap_ratio_last_vs_h2: heap.length >= 2 ? Math.round((heap[heap.length - 1] / heap[1]) * 100) / 100 : 1,
    array_buffers_mib_by_hour: buffers,
    plans: st.plans, rejected: st.rejected, los: summary.airspace.tactical.los, overdue: sim.classSummary().reduce((n, c) => n + c.overdue, 0),
    non_finite: nonFinite, gc_forced: gc !== undefined,
  };
}

export function dayBench(): Record<string, number | string>[] {
  const scales = (process.env.DAY_SCALES ?? '10,30').split(',').map(Number);
  return scales.map((scale) => {
    const r = simulateDay(scale, 24, (l) => console.error(l));
    return { scale: r.scale, hours: r.hours, wall_s: r.wall_s, heap_h2_mib: r.heap_mib_by_hour[1], heap_h24_mib: r.heap_mib_by_hour[23], heap_ratio_24_vs_2: r.heap_ratio_last_vs_h2, heap_curve_mib: r.heap_mib_by_hour.join(' '), typed_arrays_curve_mib: r.array_buffers_mib_by_hour.join(' '), plans: r.plans, rejected: r.rejected, los: r.los, overdue: r.overdue, non_finite: r.non_finite, gc_forced: String(r.gc_forced) };
  });
}

// node --expose-gc --import tsx bench/day.ts <scale> <hours> [--progress] [overrides]: one day as JSON
// (the shortened-day test runs this; the city-scale bench runs it compiled, with --progress on stderr).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [scale = '10', hours = '24', ...rest] = process.argv.slice(2);
  const progress = rest.includes('--progress'), overrides = rest.filter((a) => a !== '--progress');
  console.log(JSON.stringify(simulateDay(Number(scale), Number(hours), progress ? (l) => console.error(l) : () => {}, overrides)));
}
