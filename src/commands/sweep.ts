import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import Table from 'cli-table3';
import { parsePositive } from '../args.ts';
import { checkOutputDir, UsageError } from '../io.ts';
import { DEFAULT_METRICS, parseGridFlag, parseSeedList, readExperimentFile, type Experiment } from '../experiments/spec.ts';
import { planSweep } from '../experiments/plan.ts';
import { runSweep } from '../experiments/sweep.ts';
import { LocalBackend } from '../experiments/backends/local.ts';
import { BullmqBackend, DEFAULT_QUEUE } from '../experiments/backends/bullmq.ts';
import type { Backend } from '../experiments/backends/types.ts';
import { formatFigure, type AggregateRow } from '../experiments/results.ts';
import { LIMIT_HELP, LIMIT_OPTIONS, parseLimits } from '../guards.ts';

export const SWEEP_HELP = `Usage: npm run sim -- sweep [--experiment <file.json> | --scenario ... --grid ... --seeds ...] [options]

Runs every setting of a grid of scenario overrides for every seed, in parallel, and writes
<out>/runs.csv, runs.parquet, aggregate.csv (means with 95 % t-intervals), report.html and
runs/<key>/summary.json. Rerunning the same command skips the runs already finished.

Experiment (a file, or these flags):
  --experiment <file>      experiment JSON (scenario, set, grid, seeds, duration_s, metrics, replays)
  --scenario <name|file>   base scenario                                           [alatau]
  --grid <path>=<v1>,<v2>  one grid dimension, repeatable (e.g. airspace.policy=full-mix,layers)
  --set <path>=<value>     a fixed override for every run, repeatable
  --seeds <list>           seeds: "1-20", "1,2,5"                                   [1-5]
  --duration <s>           simulated seconds per run                                [3600]
  --metrics <a,b,...>      summary columns for the table and the report
  --replays                keep each run's replay (runs/<key>/replay.skw)

Backend:
  --out <dir>              output folder                                            [out/sweep]
  --backend <local|bullmq> local threads, or a BullMQ queue in Redis               [local]
  --workers <n>            local: parallel runs                                     [cores: ${availableParallelism()}]
  --redis <url>            bullmq: redis://HOST:PORT (start workers with: sim worker --redis <url>)
  --queue <name>           bullmq: queue name                                       [${DEFAULT_QUEUE}]
  --quiet                  no progress bar or table
${LIMIT_HELP}
  -h, --help               this help`;

export async function sweepCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      experiment: { type: 'string' },
      scenario: { type: 'string' },
      grid: { type: 'string', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      seeds: { type: 'string' },
      duration: { type: 'string' },
      metrics: { type: 'string' },
      replays: { type: 'boolean', default: false },
      out: { type: 'string', default: 'out/sweep' },
      backend: { type: 'string', default: 'local' },
      workers: { type: 'string' },
      redis: { type: 'string' },
      queue: { type: 'string', default: DEFAULT_QUEUE },
      quiet: { type: 'boolean', default: false },
      ...LIMIT_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(SWEEP_HELP);
    return 0;
  }
  const experiment = experimentFromFlags(values);
  if (values.backend !== 'local' && values.backend !== 'bullmq') throw new UsageError(`--backend: expected local or bullmq, got "${values.backend}"`);
  if (values.backend === 'bullmq' && !values.redis) throw new UsageError('--backend bullmq needs --redis redis://HOST:PORT');
  if (values.backend === 'local' && values.redis) throw new UsageError('--redis is for --backend bullmq');
  const workers = values.workers === undefined ? availableParallelism() : Math.round(parsePositive(values.workers, '--workers', 'a number of parallel runs', 256));
  const outDir = resolve(values.out!);
  const plan = planSweep(experiment, parseLimits(values));
  checkOutputDir(outDir, '--out');
  const log = (line: string) => (values.quiet ? undefined : console.log(line));
  const backend: Backend = values.backend === 'bullmq' ? new BullmqBackend(values.redis!, values.queue) : new LocalBackend(workers);
  log(`sweep "${experiment.name}": ${plan.settings.length} settings × ${experiment.seeds.length} seeds = ${plan.jobs.length} runs of ${experiment.durationS} s on ${values.backend === 'bullmq' ? `BullMQ at ${values.redis} (queue ${values.queue})` : `${workers} local worker${workers === 1 ? '' : 's'}`}`);
  const t0 = performance.now();
  const outcome = await runSweep(plan, outDir, backend, { progress: !values.quiet && process.stderr.isTTY, log });
  const wall = (performance.now() - t0) / 1000;
  if (!values.quiet) {
    console.log(aggregateTable(outcome.aggregate, experiment));
    const s = outcome.stats;
    console.log(`${s.completed} runs finished, ${outcome.skipped} skipped (already done), ${s.failed} failed${s.retried ? `, ${s.retried} retried after a worker was lost` : ''} in ${wall.toFixed(1)} s`);
    for (const f of outcome.failures) console.log(`  failed: ${f.setting} seed ${f.seed} (${f.key}): ${f.message.split('\n')[0]}`);
    console.log(`\nOutputs in ${values.out}/: runs.csv, runs.parquet, aggregate.csv, sweep.json, report.html, runs/<key>/summary.json`);
  }
  if (outcome.interrupted) {
    console.error(`interrupted: ${outcome.rows.length} of ${outcome.total} runs are recorded; rerun the same command to finish the rest`);
    return 130;
  }
  return outcome.failures.length ? 1 : 0;
}

type Flags = { experiment?: string; scenario?: string; grid?: string[]; set?: string[]; seeds?: string; duration?: string; metrics?: string; replays?: boolean };

function experimentFromFlags(v: Flags): Experiment {
  if (v.experiment) {
    const clash = (['scenario', 'seeds', 'duration', 'metrics'] as const).filter((k) => v[k] !== undefined).concat(v.grid?.length ? ['grid' as never] : [], v.set?.length ? ['set' as never] : []);
    if (clash.length) throw new UsageError(`--experiment: the file sets the whole experiment; drop --${clash.join(', --')}`);
    const e = readExperimentFile(v.experiment);
    return v.replays ? { ...e, replays: true } : e;
  }
  if (!v.grid?.length) throw new UsageError('sweep: expected --experiment <file> or at least one --grid <path>=<v1>,<v2> (see --help)');
  let seeds: number[];
  try {
    seeds = parseSeedList(v.seeds ?? '1-5');
  } catch (e) {
    throw new UsageError(`--seeds: ${(e as Error).message}`);
  }
  const paths = new Set<string>();
  const grid = v.grid.map((g) => {
    const d = parseGridFlag(g);
    if (paths.has(d.path)) throw new UsageError(`--grid: ${d.path} is given twice (put all its values in one --grid)`);
    paths.add(d.path);
    return d;
  });
  return {
    name: grid.map((d) => d.path).join(' × '),
    scenario: v.scenario ?? 'alatau',
    set: v.set ?? [],
    grid,
    seeds,
    durationS: parsePositive(v.duration ?? '3600', '--duration', 'simulated seconds', 7 * 86400),
    metrics: v.metrics ? v.metrics.split(',').map((m) => m.trim()).filter(Boolean) : DEFAULT_METRICS,
    replays: v.replays ?? false,
  };
}

function aggregateTable(aggregate: AggregateRow[], e: Experiment): string {
  const metrics = e.metrics.slice(0, 6);
  const table = new Table({ head: ['setting', 'n', ...metrics.map((m) => m.replace(/_per_flight_hour$/, '/fh'))], style: { head: [], border: [] } });
  const bySetting = new Map<string, Map<string, AggregateRow>>();
  for (const a of aggregate) {
    let m = bySetting.get(a.setting);
    if (!m) bySetting.set(a.setting, (m = new Map()));
    m.set(a.metric, a);
  }
  for (const [setting, m] of bySetting) {
    const n = [...m.values()][0]?.n ?? 0;
    table.push([setting, n, ...metrics.map((k) => (m.get(k) ? `${formatFigure(m.get(k)!.mean)} ± ${formatFigure(m.get(k)!.hi - m.get(k)!.mean)}` : '–'))]);
  }
  return table.toString();
}

