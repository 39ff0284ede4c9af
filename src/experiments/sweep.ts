import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { writeFileAtomic } from '../io.ts';
import type { Row } from './flatten.ts';
import { settingColumn } from './execute.ts';
import type { SweepPlan } from './plan.ts';
import { ResultsDir, type AggregateRow } from './results.ts';
import type { Backend, BackendStats } from './backends/types.ts';
import { writeReport } from './report/write.ts';

export interface SweepOutcome {
  total: number;
  skipped: number;
  stats: BackendStats;
  failures: { key: string; setting: string; seed: number; message: string }[];
  rows: Row[];
  aggregate: AggregateRow[];
  interrupted: boolean;
}

/**
 * Runs a planned sweep on a backend into `outDir`: skips finished runs, records each outcome as
 * it arrives (atomically, by run key), then rebuilds runs.csv, runs.parquet, aggregate.csv,
 * sweep.json and report.html from every finished run.
 */
export async function runSweep(plan: SweepPlan, outDir: string, backend: Backend, options: { progress: boolean; log: (line: string) => void }): Promise<SweepOutcome> {
  const results = new ResultsDir(outDir);
  results.removeStaleTemporaries();
  const pending = plan.jobs.filter((j) => !results.isDone(j.key));
  const skipped = plan.jobs.length - pending.length;
  const failures: SweepOutcome['failures'] = [];
  let done = 0;
  const t0 = performance.now();
  const bar = options.progress
    ? new cliProgress.SingleBar({ format: ' {bar} {value}/{total} runs | {failed} failed | elapsed {duration_formatted} | ETA {eta_formatted}', hideCursor: true, stream: process.stderr, etaBuffer: 20 }, cliProgress.Presets.shades_classic)
    : null;
  if (skipped) options.log(`${skipped} of ${plan.jobs.length} runs already finished in ${outDir}: skipped`);
  bar?.start(pending.length, 0, { failed: 0 });
  // Without a terminal, one line per tenth of the runs (CI logs, redirected output).
  const step = Math.max(1, Math.ceil(pending.length / 10));
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    void backend.abort();
  };
  process.once('SIGINT', onSigint);
  let stats: BackendStats;
  try {
    stats = await backend.run(pending, {
      finished(outcome) {
        results.record(outcome);
        done++;
        bar?.update(done, { failed: failures.length });
        if (!bar && done % step === 0) options.log(`  ${done}/${pending.length} runs done (${Math.round((performance.now() - t0) / 1000)} s)`);
      },
      failed(job, message) {
        failures.push({ key: job.key, setting: job.settings.map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(' '), seed: job.seed, message });
        done++;
        bar?.update(done, { failed: failures.length });
      },
    });
  } finally {
    process.off('SIGINT', onSigint);
    bar?.stop();
  }
  const rows = plan.jobs.map((j) => results.readRow(j.key)).filter((r): r is Row => r !== null);
  const settingColumns = plan.experiment.grid.map((d) => settingColumn(d.path));
  const { aggregate } = results.writeTables(rows, settingColumns);
  const manifest = {
    experiment: { ...plan.experiment },
    engine_version: plan.jobs[0]?.engineVersion ?? null,
    runs: plan.jobs.length,
    finished: rows.length,
    settings: plan.settings.map((s) => ({ index: s.index, label: s.label, values: Object.fromEntries(s.values), scenario_hash: s.scenarioHash, runs: plan.jobs.filter((j) => j.settingIndex === s.index).map((j) => ({ seed: j.seed, key: j.key })) })),
    last_invocation: { ...stats, skipped, failures },
  };
  writeFileAtomic(join(outDir, 'sweep.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeReport(outDir);
  return { total: plan.jobs.length, skipped, stats, failures, rows, aggregate, interrupted };
}
