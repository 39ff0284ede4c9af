import { createHash } from 'node:crypto';
import { scenarioHash } from '../../sim-core/index.ts';
import { readScenarioSource, scenarioFromSource, ScenarioLoadError, type ScenarioSource } from '../scenario-loader.ts';
import { ExperimentError, MAX_RUNS, type Experiment, type ExperimentProblem } from './spec.ts';
import { engineVersion } from './engine-version.ts';
import { checkLimits, DEFAULT_LIMITS, type Limits } from '../guards.ts';
import { UsageError } from '../io.ts';

/** One point of the grid: its overrides in grid order. */
export interface Setting {
  index: number;
  /** [path, value] per grid dimension, in grid order. */
  values: [string, unknown][];
  /** `--set` strings: the experiment's fixed ones, then this setting's. */
  overrides: string[];
  /** "airspace.policy=layers demand.scale=3". */
  label: string;
  scenarioHash: string;
}

/** What a worker needs to run one run (plain JSON: it travels to pool threads and through Redis). */
export interface RunJob {
  key: string;
  engineVersion: string;
  /** Built-in scenario name, or the raw scenario JSON (layers inlined) for a file scenario. */
  scenario: { builtin: string } | { file: string; raw: Record<string, unknown> };
  overrides: string[];
  settingIndex: number;
  settings: [string, unknown][];
  seed: number;
  durationS: number;
  replay: boolean;
}

export interface SweepPlan {
  experiment: Experiment;
  settings: Setting[];
  /** Every run, ordered by (setting, seed): the order of rows in runs.csv. */
  jobs: RunJob[];
}

/** Canonical value text for labels and keys. */
export const valueText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The run key: hash of (engine version, scenario as overridden, settings, seed, duration). No ':' (BullMQ job ids). */
export function runKey(engine: string, scenarioHashText: string, settings: [string, unknown][], seed: number, durationS: number): string {
  const text = JSON.stringify([engine, scenarioHashText, settings, seed, durationS]);
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/**
 * Expands an experiment into settings × seeds and validates every setting's scenario before
 * anything runs (all problems at once, each naming its setting).
 */
export function planSweep(experiment: Experiment, limits: Limits = DEFAULT_LIMITS): SweepPlan {
  const combos = experiment.grid.reduce((n, d) => n * d.values.length, 1);
  const total = combos * experiment.seeds.length;
  if (total > MAX_RUNS) {
    throw new ExperimentError([{ file: '(experiment)', path: 'grid × seeds', message: `${total} runs requested; expected at most ${MAX_RUNS} (split the sweep)` }]);
  }
  const source: ScenarioSource = readScenarioSource(experiment.scenario);
  const settings: Setting[] = [];
  const problems: ExperimentProblem[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < combos; i++) {
    const values: [string, unknown][] = [];
    let rest = i;
    // Last dimension varies fastest, like nested loops in grid order.
    for (let d = experiment.grid.length - 1; d >= 0; d--) {
      const dim = experiment.grid[d];
      values.unshift([dim.path, dim.values[rest % dim.values.length]]);
      rest = Math.floor(rest / dim.values.length);
    }
    const overrides = [...experiment.set, ...values.map(([p, v]) => `${p}=${JSON.stringify(v)}`)];
    const label = values.map(([p, v]) => `${p}=${valueText(v)}`).join(' ');
    try {
      const scenario = scenarioFromSource(source, overrides);
      try {
        checkLimits(scenario, experiment.durationS, experiment.replays, limits, `each run of setting ${label || '(base)'}`);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        problems.push({ file: '(experiment)', path: 'grid', message: e.message });
        continue;
      }
      settings.push({ index: i, values, overrides, label, scenarioHash: scenarioHash(scenario) });
    } catch (e) {
      if (!(e instanceof ScenarioLoadError)) throw e;
      for (const p of e.problems) {
        const text = `${p.file}: ${p.path}: ${p.message}`;
        if (seen.has(text)) continue;
        seen.add(text);
        problems.push({ file: p.file, path: p.path, message: `${p.message} (setting ${label})` });
      }
    }
  }
  experiment.grid.forEach((d) => {
    const texts = d.values.map((v) => JSON.stringify(v));
    if (new Set(texts).size !== texts.length) problems.push({ file: '(experiment)', path: `grid.${d.path}`, message: 'expected each value once (a repeated value would run the same setting twice)' });
  });
  if (problems.length) throw new ExperimentError(problems);
  const engine = engineVersion();
  const scenario: RunJob['scenario'] = source.scenarioFile.startsWith('<built-in') ? { builtin: source.name } : { file: source.scenarioFile, raw: source.raw };
  const jobs: RunJob[] = [];
  for (const s of settings) {
    for (const seed of experiment.seeds) {
      jobs.push({
        key: runKey(engine, s.scenarioHash, s.values, seed, experiment.durationS), engineVersion: engine, scenario, overrides: s.overrides,
        settingIndex: s.index, settings: s.values, seed, durationS: experiment.durationS, replay: experiment.replays,
      });
    }
  }
  return { experiment, settings, jobs };
}
