import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { BUILTIN_SCENARIOS } from '../scenario-loader.ts';
import { jsonErrorText, parseOverride } from '../scenario-loader.ts';
import { ExperimentError, UsageError, type ExperimentProblem } from '../io.ts';

export { ExperimentError, type ExperimentProblem } from '../io.ts';

/**
 * An experiment: one base scenario, a grid of `--set` overrides, seeds and a duration. Read from
 * a JSON file (`sweep --experiment file.json`) or built from the command line (`--grid`,
 * `--seeds`, ...); both give the same Experiment, expanded into runs by experiments/plan.ts.
 */
export interface Experiment {
  name: string;
  /** Built-in scenario name or a scenario file path (absolute once loaded). */
  scenario: string;
  /** Overrides applied to every run, before the grid's. */
  set: string[];
  /** Grid dimensions in order: each a scenario path and its values (JSON values). */
  grid: { path: string; values: unknown[] }[];
  seeds: number[];
  durationS: number;
  /** Summary columns shown in the terminal table and the report's table. */
  metrics: string[];
  replays: boolean;
}

/** Shown when an experiment names no metrics. */
export const DEFAULT_METRICS = [
  'drone.conflicts_per_flight_hour',
  'drone.los_per_flight_hour',
  'drone.los_time_s_per_flight_hour',
  'drone.rejection_rate',
  'drone.ground_delay_mean_s',
  'drone.energy_kwh_per_trip',
  'evtol.los_per_flight_hour',
  'evtol.ground_delay_mean_s',
];

/** A sweep larger than this is refused (say so rather than queue a month of work). */
export const MAX_RUNS = 100_000;
const MAX_SEEDS = 10_000;

const seedList = z.union([
  z.string({ error: 'expected seeds as "1-20", "1,2,5" or an array of integers' }),
  z.array(z.number().int().min(0).max(0xffffffff), { error: 'expected an array of integer seeds in 0..4294967295' }).min(1, { error: 'expected at least one seed' }),
]);

const experimentSchema = z.strictObject({
  name: z.string({ error: 'expected a name (string)' }).min(1).max(200).optional(),
  scenario: z.string({ error: `expected a built-in scenario name (${Object.keys(BUILTIN_SCENARIOS).join(', ')}) or a scenario file path` }).min(1),
  set: z.array(z.string({ error: 'expected "<path>=<value>" strings' }), { error: 'expected an array of "<path>=<value>" overrides' }).optional(),
  grid: z.record(
    z.string().regex(/^[A-Za-z_][\w]*(\[\d+\])*(\.[A-Za-z_][\w]*(\[\d+\])*)*$/, { error: 'expected a dotted scenario path such as demand.scale' }),
    z.array(z.unknown(), { error: 'expected an array of values' }).min(1, { error: 'expected at least one value' }).max(1000, { error: 'expected at most 1000 values' }),
    { error: 'expected an object of <scenario path>: [values]' },
  ),
  seeds: seedList,
  duration_s: z.number({ error: 'expected simulated seconds (number)' }).positive({ error: 'expected simulated seconds > 0' }).max(7 * 86400, { error: 'expected at most 604800 s (7 days)' }),
  metrics: z.array(z.string(), { error: 'expected an array of summary column names' }).optional(),
  replays: z.boolean({ error: 'expected true or false' }).optional(),
});

/** Parses "1-20", "1,2,5", "3" into seeds; throws a message (without location). */
export function parseSeedList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new Error(`expected seeds as "1-20", "1,2,5" or a mix ("1-3,7"), got "${text.length > 60 ? text.slice(0, 60) + '…' : text}"`);
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    if (a > 0xffffffff || b > 0xffffffff) throw new Error('expected seeds in 0..4294967295');
    if (b < a) throw new Error(`expected a rising range, got "${part.trim()}"`);
    if (out.length + (b - a + 1) > MAX_SEEDS) throw new Error(`expected at most ${MAX_SEEDS} seeds`);
    for (let s = a; s <= b; s++) out.push(s);
  }
  const unique = [...new Set(out)];
  if (unique.length !== out.length) throw new Error('expected each seed once');
  return unique;
}

/** Parses one `--grid path=v1,v2,...` (values JSON when they parse, else strings). */
export function parseGridFlag(spec: string): { path: string; values: unknown[] } {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--grid: expected <scenario.path>=<v1>,<v2>,..., got "${spec}"`);
  const path = spec.slice(0, eq);
  checkPath(path, '--grid');
  const values = spec.slice(eq + 1).split(',').map((v) => parseOverride(`x=${v}`).value);
  return { path, values };
}

function checkPath(path: string, where: string): void {
  try {
    parseOverride(`${path}=0`);
  } catch {
    throw new UsageError(`${where}: expected a dotted scenario path such as demand.scale, got "${path}"`);
  }
}

/** Reads and validates an experiment file; every problem at once. Paths in it are relative to it. */
export function readExperimentFile(file: string): Experiment {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ExperimentError([{ file, path: '(file)', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ExperimentError([{ file, path: '(file)', message: `expected JSON: ${jsonErrorText(text.replace(/^\uFEFF/, ''), e as Error)}` }]);
  }
  const parsed = experimentSchema.safeParse(json);
  const problems: ExperimentProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ file, path: issue.path.length ? issue.path.join('.') : '(root)', message: issue.message });
    throw new ExperimentError(problems);
  }
  const e = parsed.data;
  let seeds: number[] = [];
  if (typeof e.seeds === 'string') {
    try {
      seeds = parseSeedList(e.seeds);
    } catch (err) {
      problems.push({ file, path: 'seeds', message: (err as Error).message });
    }
  } else {
    seeds = e.seeds;
    if (new Set(seeds).size !== seeds.length) problems.push({ file, path: 'seeds', message: 'expected each seed once' });
  }
  (e.set ?? []).forEach((s, i) => {
    try {
      parseOverride(s);
    } catch {
      problems.push({ file, path: `set.${i}`, message: `expected "<scenario.path>=<value>", got "${s.slice(0, 80)}"` });
    }
  });
  if (Object.keys(e.grid).length === 0) problems.push({ file, path: 'grid', message: 'expected at least one dimension (use a single value to run one setting)' });
  if (problems.length) throw new ExperimentError(problems);
  const scenario = BUILTIN_SCENARIOS[e.scenario] ? e.scenario : isAbsolute(e.scenario) ? e.scenario : resolve(dirname(file), e.scenario);
  return {
    name: e.name ?? 'experiment',
    scenario,
    set: e.set ?? [],
    grid: Object.entries(e.grid).map(([path, values]) => ({ path, values })),
    seeds,
    durationS: e.duration_s,
    metrics: e.metrics ?? DEFAULT_METRICS,
    replays: e.replays ?? false,
  };
}
