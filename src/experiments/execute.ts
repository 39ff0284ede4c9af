import { BUILTIN_SCENARIOS, readScenarioSource, scenarioFromSource, type ScenarioSource } from '../scenario-loader.ts';
import { runScenario } from '../run-scenario.ts';
import { flattenSummary, type Row } from './flatten.ts';
import { valueText, type RunJob } from './plan.ts';
import { engineVersion } from './engine-version.ts';

/** What one run gives back to the sweep: its row, its summary and (if asked) its replay. */
export interface RunOutcome {
  key: string;
  row: Row;
  summary: Record<string, unknown>;
  replay: Uint8Array | null;
}

/** Columns every row starts with, before settings and figures. */
export const META_COLUMNS = ['run_key', 'setting', 'seed', 'engine_version', 'scenario', 'scenario_hash', 'state_hash', 'duration_s', 'wall_s'] as const;

/** Column of a grid dimension in runs.csv. */
export const settingColumn = (path: string) => `set.${path}`;

/** Runs one job of a sweep. Deterministic: the row (minus wall_s) depends only on the job. */
export function executeRun(job: RunJob): RunOutcome {
  if (job.engineVersion !== engineVersion()) {
    throw new Error(`engine version mismatch: the sweep was planned with ${job.engineVersion}, this worker runs ${engineVersion()} (rebuild the worker from the same sources)`);
  }
  const source: ScenarioSource = 'builtin' in job.scenario
    ? (BUILTIN_SCENARIOS[job.scenario.builtin] ? readScenarioSource(job.scenario.builtin) : missing(job.scenario.builtin))
    : { name: job.scenario.file, scenarioFile: job.scenario.file, raw: job.scenario.raw, layerFiles: {} };
  const scenario = scenarioFromSource(source, job.overrides);
  const result = runScenario(scenario, job.seed, job.durationS, { replay: job.replay });
  const summary = { ...result.summary, overrides: job.overrides, run_key: job.key };
  const figures = flattenSummary(summary);
  const row: Row = {
    run_key: job.key,
    setting: job.settings.map(([p, v]) => `${p}=${valueText(v)}`).join(' '),
    seed: job.seed,
    engine_version: job.engineVersion,
    scenario: String(figures.scenario),
    scenario_hash: String(figures.scenario_hash),
    state_hash: String(figures.state_hash),
    duration_s: job.durationS,
    wall_s: Math.round(result.wallS * 1000) / 1000,
  };
  for (const [p, v] of job.settings) row[settingColumn(p)] = typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
  for (const [k, v] of Object.entries(figures)) if (!(k in row) && k !== 'seed' && k !== 'run_key') row[k] = v;
  return { key: job.key, row, summary, replay: result.replay };
}

function missing(name: string): never {
  throw new Error(`built-in scenario "${name}" is not known to this worker`);
}
