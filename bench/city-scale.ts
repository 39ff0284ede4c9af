import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFrame } from '../sim-core/airspace/local-frame.ts';
import { DetectionResult } from '../sim-core/deconfliction/tactical/cpa.ts';
import { UniformGrid } from '../sim-core/deconfliction/tactical/broadphase.ts';
import { SlicedGrid } from '../sim-core/deconfliction/tactical/sliced-grid.ts';
import type { TrafficState } from '../sim-core/deconfliction/tactical/traffic.ts';
import type { DayResult } from './day.ts';
import { PLANNER_VARIANTS } from './city-scale-planner.ts';
import { traffic } from './tactical.ts';
import { ParallelBroadPhase } from '../src/parallel/parallel-broad-phase.ts';

/**
 * City scale, every workload of the issue in one run (`npm run bench -- city-scale`; CITY_PARTS
 * picks some of planner, detect, stress, day, and the other parts' rows of the last results are
 * kept, each row stamped with when it was measured):
 *  - planner: Alatau ×10 for 1 h with the defaults, the landed strategic planner (rbush store of
 *    volume objects, volumes rebuilt and tested at every delay step) as the baseline in the same
 *    run; wall time, real-time factor, plans per second of planning and of the whole run, zero
 *    overlapping intents (independent checker), rejections and delay by reason;
 *  - stress: ~CITY_STRESS_AGENTS (100,000) drones airborne over Alatau's districts from hubs
 *    every 2 km (city-scale-stress.ts), strategic off, detection every second + MVP, 60 simulated
 *    seconds measured with 1 and 2 detection threads; hot state per agent in bytes; and the same
 *    demand in heading layers with horizontal MVP (`layers`, `mvp-horizontal`) for comparison;
 *  - detect: one detection pass on the `detect` snapshot (5,000 drones at 40 per km², rpz 50 m,
 *    hpz 15 m, lookahead 60 s): the sliced grid, the previous grid, and BlueSky-style numpy
 *    state-based detection (bench/baselines/bluesky_statebased.py) on the same snapshot;
 *  - day: Alatau over 24 h at ×10 and ×30: wall time and the heap after every hour.
 * The planner, stress and day parts run the compiled engine (esbuild, as the CLI) in child
 * processes (bundleBenchEntry; plannerRows says why); detect times the kernels in this process.
 */
const PARTS = ['planner', 'detect', 'stress', 'day'] as const;

export function cityScaleBench(): Record<string, number | string>[] {
  const parts = (process.env.CITY_PARTS ?? PARTS.join(',')).split(',');
  for (const p of parts) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`CITY_PARTS: unknown part "${p}" (expected ${PARTS.join(', ')})`);
  const rows: Record<string, number | string>[] = [];
  const stamp = (part: string, r: Record<string, number | string>[]) => r.map((row) => ({ part, measured: new Date().toISOString(), ...row }));
  if (parts.includes('planner')) rows.push(...stamp('planner', plannerRows()));
  if (parts.includes('detect')) rows.push(...stamp('detect', detectRows()));
  if (parts.includes('stress')) rows.push(...stamp('stress', stressRows(Number(process.env.CITY_STRESS_AGENTS ?? 100_000))));
  if (parts.includes('day')) {
    // Compiled, in a child process (as the planner rows, plannerRows says why), with a forced GC before each hour's heap reading.
    const entry = bundleBenchEntry('day');
    for (const scale of (process.env.CITY_DAY_SCALES ?? '10,30').split(',').map(Number)) {
      const r = runBundled(entry, [String(scale), '24', '--progress'], ['--expose-gc']) as unknown as DayResult;
      rows.push(...stamp('day', [{ workload: `day ×${scale} (24 h)`, wall_s: r.wall_s, realtime_factor: Math.round(86400 / r.wall_s), heap_h2_mib: r.heap_mib_by_hour[1], heap_h24_mib: r.heap_mib_by_hour[23], heap_ratio_24_vs_2: r.heap_ratio_last_vs_h2, heap_curve_mib: r.heap_mib_by_hour.join(' '), typed_arrays_curve_mib: r.array_buffers_mib_by_hour.join(' '), plans: r.plans, rejected: r.rejected, los: r.los }]));
    }
  }
  // Rerunning some parts keeps the other parts' rows of the last results (each row says when it
  // was measured), and rerunning some day scales (CITY_DAY_SCALES) keeps the other scales' rows.
  if (existsSync(RESULTS)) {
    const redone = new Set(rows.map((r) => `${r.part}|${r.workload}`));
    const kept = (r: Record<string, number | string>) => r.part && (!parts.includes(String(r.part)) || (r.part === 'day' && !redone.has(`${r.part}|${r.workload}`)));
    const old = (JSON.parse(readFileSync(RESULTS, 'utf8')).rows as Record<string, number | string>[]).filter(kept);
    // Stable sort: by part, measured rows in the order they were made, a kept day scale before the new ones.
    return [...old, ...rows].sort((a, b) => PARTS.indexOf(a.part as (typeof PARTS)[number]) - PARTS.indexOf(b.part as (typeof PARTS)[number]));
  }
  return rows;
}

const RESULTS = join(import.meta.dirname, 'results', 'city-scale.json');

/**
 * The planner variants of the same bench run, each in its own node process running the compiled
 * engine (bench/city-scale-planner.ts bundled by esbuild as the CLI is, src/build/build.mjs).
 * Two things made in-process tsx figures wrong: run one after the other in one process, the
 * later variants inherited the first one's heap and inline caches (the planner's calls to the
 * store had seen two store classes) and measured up to 40 % slower; and tsx compiles each file
 * with keepNames, so every closure created in a hot loop also called __name.
 */
function plannerRows(): Record<string, number | string>[] {
  const entry = bundleBenchEntry('city-scale-planner');
  return PLANNER_VARIANTS.map((variant) => {
    const row = runBundled(entry, [variant]);
    console.error(`planner ${variant}: ${row.wall_s} s (planning ${row.planning_s} s)`);
    return row;
  });
}

/**
 * Bundles bench/<name>.ts (and the detection worker beside it) into bench/.build/ with esbuild, as
 * src/build/build.mjs compiles the CLI; returns the bundle's path.
 */
export function bundleBenchEntry(name: string): string {
  const here = import.meta.dirname, outdir = join(here, '.build');
  buildSync({
    entryPoints: { [name]: join(here, `${name}.ts`), 'detect-worker': join(here, '..', 'src', 'parallel', 'detect-worker.ts') },
    outdir, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
  });
  return join(outdir, `${name}.js`);
}

/** Runs a bundled bench entry in its own node process (progress on our stderr); its last stdout line is the row, as JSON. */
function runBundled(entry: string, args: string[], nodeFlags: string[] = []): Record<string, number | string> {
  const out = execFileSync(process.execPath, [...nodeFlags, entry, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number | string>;
}

/** The `detect` snapshot (bench/tactical.ts): n drones at `perKm2` per km². */
export const detectSnapshot = (n: number, perKm2 = 40, seed = 1): TrafficState => traffic(n, perKm2, seed);

function detectRows(): Record<string, number | string>[] {
  const P = { rpz: 50, hpz: 15, tlook: 60 }, n = 5000;
  const s = detectSnapshot(n);
  const timeIt = (detect: (out: DetectionResult) => void, reps: number, warmUps = 5) => {
    const out = new DetectionResult();
    for (let r = 0; r < warmUps; r++) detect(out);
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) detect(out);
    return { ms: (performance.now() - t0) / reps, conflicts: out.conflicts, los: out.los, pairs: out.candidatePairs };
  };
  const sliced = new SlicedGrid(), grid = new UniformGrid();
  const a = timeIt((o) => sliced.detect(s, P, o), 50), b = timeIt((o) => grid.detect(s, P, o), 50);
  // The pool only now: its worker starting up (loading and compiling its bundle) took the other
  // core's time while the one-thread kernels above were timed, on a two-core machine. Its worker
  // is new, so it is warmed up longer (with 5 passes its JIT was still compiling: 3.6–4.4 ms).
  const pool = new ParallelBroadPhase(2);
  const c = timeIt((o) => pool.detect(s, P, o), 50, 50);
  void pool.close();
  // The same snapshot, written for the numpy baseline (local metres about Alatau's origin).
  const dir = mkdtempSync(join(tmpdir(), 'skyweave-detect-'));
  let blue: { ms: number; conflict_pairs: number; los_pairs: number; numpy: string } | null = null;
  try {
    const file = join(dir, 'snapshot.json');
    const frame = new LocalFrame(43.6, 77.05);
    const aircraft = Array.from({ length: n }, (_, k) => {
      const [lon, lat] = frame.inverse(s.x[k], s.y[k]);
      return { id: k, lat, lon, alt_m: s.z[k], gs_mps: Math.hypot(s.vx[k], s.vy[k]), trk_deg: (Math.atan2(s.vx[k], s.vy[k]) * 180) / Math.PI, vs_mps: s.vz[k] };
    });
    writeFileSync(file, JSON.stringify({ aircraft }));
    blue = JSON.parse(execFileSync('python3', [join(import.meta.dirname, 'baselines', 'bluesky_statebased.py'), file, String(P.rpz), String(P.hpz), String(P.tlook), '3'], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  } catch (e) {
    console.error(`numpy baseline did not run: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const row = (variant: string, r: { ms: number; conflicts: number; los: number; pairs: number }) => ({
    workload: 'detection pass, 5,000 drones', variant, ms: +r.ms.toFixed(2), conflicts: r.conflicts, los: r.los, candidate_pairs: r.pairs,
    ns_per_candidate_pair: +((r.ms * 1e6) / Math.max(1, r.pairs)).toFixed(0), vs_bluesky_numpy: blue ? Math.round(blue.ms / r.ms) : '',
  });
  // BlueSky's flat earth on the same snapshot: the counts the numpy baseline should match exactly.
  const frame = new LocalFrame(43.6, 77.05);
  s.frameLon = 77.05;
  for (let k = 0; k < n; k++) { const [lon, lat] = frame.inverse(s.x[k], s.y[k]); s.setLatLon(k, lat, lon); }
  const flat = timeIt((o) => sliced.detect(s, { ...P, earth: 'bluesky' }, o), 50);
  const rows: Record<string, number | string>[] = [row('sliced grid, 1 thread (default)', a), row('sliced grid, 2 threads (--workers 2)', c), row('grid (previous default)', b), row("sliced grid, BlueSky's flat earth (--earth bluesky)", flat)];
  if (blue) rows.push({ workload: 'detection pass, 5,000 drones', variant: `BlueSky-style numpy ${blue.numpy} (baseline)`, ms: +blue.ms.toFixed(1), conflicts: blue.conflict_pairs, los: blue.los_pairs, candidate_pairs: (n * (n - 1)) / 2 });
  return rows;
}

/**
 * The stress rows: each thread count in its own compiled process (bench/city-scale-stress.ts),
 * as the planner rows (plannerRows says why).
 */
function stressRows(target: number): Record<string, number | string>[] {
  const entry = bundleBenchEntry('city-scale-stress');
  // The workload (every drone at 90 m, three-dimensional MVP), then the same demand in
  // four layers by heading with BlueSky's default, horizontal MVP, which keeps them there.
  const variants: [string, string][] = [['', 'mvp'], ['layers', 'mvp-horizontal']];
  return variants.flatMap(([policy, resolver]) => [1, 2].map((workers) => runBundled(entry, [String(target), String(workers), policy, resolver])));
}
