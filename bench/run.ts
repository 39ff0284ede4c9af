import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { writeFileAtomic } from '../src/io.ts';
import { engineScaling } from './engine-scaling.ts';
import { replayIo } from './replay-io.ts';
import { micro } from './micro.ts';
import { viewerFrames } from './viewer-frames.ts';
import { gridAStarBench } from './grid-astar.ts';
import { mapfBench } from './mapf.ts';
import { airNetworkBench, policiesBench } from './policies.ts';
import { detectionBench, tacticalRunBench } from './tactical.ts';
import { sumoParityBench } from './sumo-parity.ts';
import { groundBench } from './ground.ts';
import { tacticalSafetyBench } from './tactical-safety.ts';
import { strategicSearchBench } from './strategic-search.ts';
import { plannerReplayBench } from './planner-replay.ts';
import { sweepBench } from './sweep.ts';
import { dayBench } from './day.ts';
import { cityScaleBench } from './city-scale.ts';
import { blueskyParityBench } from './bluesky-parity.ts';
import { osmImportBench } from './osm-import.ts';

/**
 * Runs every benchmark, prints a table per benchmark and writes bench/results/<name>.json with
 * the figures, the machine, the Node version and the commit. `npm run bench -- <name>` runs one.
 */
const BENCHES: Record<string, () => Promise<Record<string, number | string>[]> | Record<string, number | string>[]> = {
  'engine-scaling': () => engineScaling(process.env.BENCH_QUICK ? [10] : undefined),
  'replay-io': () => replayIo(),
  micro: () => micro(),
  'grid-astar': () => gridAStarBench(),
  mapf: () => mapfBench(),
  'air-network': () => airNetworkBench(),
  policies: () => policiesBench(),
  detection: () => detectionBench(),
  'tactical-run': () => {
    const scales = process.env.TACTICAL_SCALES?.split(',').map(Number);
    return tacticalRunBench(scales ? scales.map(() => 0) : process.env.BENCH_QUICK ? [1000] : undefined, scales);
  },
  'tactical-safety': () => tacticalSafetyBench(),
  'strategic-search': () => strategicSearchBench(),
  'planner-replay': () => plannerReplayBench(),
  'sumo-parity': () => sumoParityBench(),
  ground: () => groundBench(process.env.BENCH_QUICK ? ['priority'] : undefined),
  'viewer-frames': () => viewerFrames(),
  sweep: () => sweepBench(),
  day: () => dayBench(),
  'city-scale': () => cityScaleBench(),
  'bluesky-parity': () => blueskyParityBench(),
  'osm-import': () => osmImportBench(),
};

/** Values longer than this are printed under their table (a column of 24 hourly figures made the table wider than any terminal). */
const LONG_VALUE = 48;

/**
 * Prints the rows as tables: one per `part` when rows have one (city-scale runs four workloads
 * with their own columns), each with only the columns some row of it fills; long values (curves)
 * follow the table, one line each, named by the row's workload and variant.
 */
function printRows(rows: Record<string, number | string>[]): void {
  const groups = new Map<string, Record<string, number | string>[]>();
  for (const r of rows) {
    const part = String(r.part ?? '');
    if (!groups.has(part)) groups.set(part, []);
    groups.get(part)!.push(r);
  }
  for (const [part, group] of groups) {
    const filled = (k: string) => group.some((r) => r[k] !== undefined && r[k] !== '');
    const keys = [...new Set(group.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'part' && filled(k));
    const long = keys.filter((k) => group.some((r) => String(r[k] ?? '').length > LONG_VALUE && k !== 'workload' && k !== 'variant'));
    const shown = keys.filter((k) => !long.includes(k));
    if (part) console.log(`-- ${part}`);
    const table = new Table({ head: shown, style: { head: [], border: [] } });
    for (const r of group) table.push(shown.map((k) => String(r[k] ?? '')));
    console.log(table.toString());
    for (const r of group) for (const k of long) if (r[k] !== undefined && r[k] !== '') console.log(`  ${[r.workload, r.variant].filter(Boolean).join(', ')}: ${k} = ${r[k]}`);
  }
}

const commit = (() => {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, mem_gib: Math.round(totalmem() / 2 ** 30), platform: process.platform, arch: process.arch };

const only = process.argv.slice(2);
for (const name of only) if (!BENCHES[name]) {
  console.error(`error: unknown benchmark "${name}": expected one of ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const [name, fn] of Object.entries(BENCHES)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n== ${name}`);
  const rows = await fn();
  printRows(rows);
  const file = join(import.meta.dirname, 'results', `${name}.json`);
  writeFileAtomic(file, JSON.stringify({ name, date: new Date().toISOString(), commit, node: process.version, machine, rows }, null, 2) + '\n');
  console.log(`→ ${file}`);
}
