import { EARTH_MODELS } from '../../sim-core/deconfliction/tactical/earth.ts';
import { parseArgs } from 'node:util';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { POLICIES, RESOLVERS, type Simulation } from '../../sim-core/index.ts';
import { parseMember, parseNumberIn, parsePositive, parseSeed } from '../args.ts';
import { loadScenario } from '../scenario-loader.ts';
import { checkOutputDir, UsageError, writeFilesAtomic } from '../io.ts';
import { checkLimits, LIMIT_HELP, LIMIT_OPTIONS, parseLimits, type Limits } from '../guards.ts';
import { classTable, vertiportTable } from '../report.ts';
import { runBlueSkyCommand } from './run-bluesky.ts';

export const RUN_HELP = `Usage: npm run sim -- run [options]

Runs a scenario headless and writes <out>/summary.json and <out>/replay.skw.

Options:
  --scenario <name|file>   built-in scenario name (alatau) or a scenario JSON file  [alatau]
  --seed <n>               integer seed, 0..4294967295                              [1]
  --duration <s>           simulated seconds                                        [3600]
  --out <dir>              output directory                                         [out/run]
  --set <path>=<value>     override a scenario field, repeatable (e.g. demand.scale=2)
  --policy <name>          routing policy for all air traffic (airspace.policy):
${POLICIES.helpLines('                             ')}
  --cr <${RESOLVERS.choices()}>${' '.repeat(Math.max(1, 18 - RESOLVERS.choices().length))}tactical conflict resolution method (tactical.resolver):
${RESOLVERS.helpLines('                             ')}
  --earth <local|bluesky>  how tactical detection measures offsets (tactical.earth): the accurate local frame
                           (default) or BlueSky's flat earth, so conflict pairs match BlueSky's
  --wind <from>/<m/s>      a uniform wind, e.g. 60/8 (from 60°, 8 m/s); layered, gridded and gusty winds: the scenario's "wind"
  --workers <n>            threads for tactical detection (1-64; results are identical for any n)  [1]
  --no-replay              skip the replay file (benchmarks)
  --no-cr-baseline         skip the second run with --cr none that the summary compares LoS with
  --quiet                  no progress bar or table
  --bluesky <file.scn>     run a BlueSky scenario instead (its own options: run --bluesky x --help)
  --keep-partial-after <s> Ctrl-C after this many wall seconds writes a partial result ("partial": true); sooner, nothing [60]
${LIMIT_HELP}
  -h, --help               this help`;

export interface RunOptions {
  scenario: string;
  seed: number;
  durationS: number;
  out: string;
  overrides: string[];
  replay: boolean;
  quiet: boolean;
  crBaseline: boolean;
  limits: Limits;
  /** An interrupted run that ran at least this long (wall s) writes its partial result. */
  keepPartialAfterS: number;
  /** Threads for tactical detection. */
  workers: number;
}

export function parseRunArgs(argv: string[]): RunOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string', default: 'alatau' },
      seed: { type: 'string', default: '1' },
      duration: { type: 'string', default: '3600' },
      out: { type: 'string', default: 'out/run' },
      set: { type: 'string', multiple: true, default: [] },
      policy: { type: 'string' },
      cr: { type: 'string' },
      earth: { type: 'string' },
      wind: { type: 'string' },
      'no-replay': { type: 'boolean', default: false },
      'no-cr-baseline': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      ...LIMIT_OPTIONS,
      'keep-partial-after': { type: 'string', default: '60' },
      workers: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  return {
    scenario: values.scenario!,
    seed: parseSeed(values.seed!),
    durationS: parsePositive(values.duration!, '--duration', 'simulated seconds', 7 * 86400),
    out: values.out!,
    overrides: [...(values.set as string[]), ...policyOverrides(values.policy), ...crOverrides(values.cr), ...earthOverrides(values.earth), ...windOverrides(values.wind)],
    replay: !values['no-replay'],
    crBaseline: !values['no-cr-baseline'],
    quiet: values.quiet!,
    limits: parseLimits(values),
    keepPartialAfterS: parseNumberIn(values['keep-partial-after']!, '--keep-partial-after', 'wall seconds', 0, 1e9),
    workers: parseWorkers(values.workers!),
  };
}

function parseWorkers(text: string): number {
  const n = parseNumberIn(text, '--workers', 'a thread count', 1, 64);
  if (!Number.isInteger(n)) throw new UsageError(`--workers: expected an integer thread count from 1 to 64, got "${text}"`);
  return n;
}

/** `--policy X` is shorthand for setting the policy of every air class to X. */
function policyOverrides(policy: string | undefined): string[] {
  if (policy === undefined) return [];
  parseMember(policy, '--policy', POLICIES);
  return [`airspace.policy="${policy}"`, 'airspace.class_policy={}'];
}

/** `--wind 60/8`: a uniform wind from 60° at 8 m/s (gusts and layers: the scenario's `wind`). */
function windOverrides(wind: string | undefined): string[] {
  if (wind === undefined) return [];
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(wind);
  if (!m || Number(m[1]) > 360 || Number(m[2]) > 100) throw new UsageError(`--wind: expected <from_deg>/<speed_mps> such as 60/8 (from in [0, 360], speed <= 100 m/s), got "${wind}"`);
  return [`wind={"model":"uniform","from_deg":${Number(m[1])},"speed_mps":${Number(m[2])}}`];
}

function earthOverrides(earth: string | undefined): string[] {
  if (earth === undefined) return [];
  parseMember(earth, '--earth', EARTH_MODELS);
  return [`tactical.earth="${earth}"`];
}

function crOverrides(cr: string | undefined): string[] {
  if (cr === undefined) return [];
  parseMember(cr, '--cr', RESOLVERS);
  return [`tactical.resolver="${cr}"`];
}

export { runScenario, type RunResult } from '../run-scenario.ts';
import { runScenarioInterruptible } from '../run-scenario.ts';

/** What a user must not miss: resolution that made things worse than none, aircraft far overdue. */
export function runWarnings(summary: Record<string, unknown>): string[] {
  const out: string[] = [];
  const cmp = (summary.airspace as Record<string, unknown>).cr_comparison as Record<string, number | string> | undefined;
  if (cmp && (Number(cmp.los) > Number(cmp.none_los) || Number(cmp.los_time_s) > Number(cmp.none_los_time_s))) {
    out.push(`resolution (${cmp.resolver}) produced more losses of separation than --cr none on the same seed (${cmp.los} pairs / ${cmp.los_time_s} s vs ${cmp.none_los} / ${cmp.none_los_time_s} s)`);
  }
  const classes = summary.classes as Record<string, { overdue?: number; overdue_airborne_end?: number }>;
  for (const [name, c] of Object.entries(classes)) {
    if (c.overdue) out.push(`${c.overdue} ${name} aircraft stayed airborne more than twice their planned flight time (${c.overdue_airborne_end ?? 0} still airborne at the end): see the overdue events in the replay`);
  }
  const charging = summary.charging as { classes?: Record<string, { depleted?: number; below_reserve?: number; min_soc?: number }> } | undefined;
  for (const [name, c] of Object.entries(charging?.classes ?? {})) {
    if (c.depleted) out.push(`${name} batteries ran empty in flight ${c.depleted} times (lowest state of charge ${c.min_soc}; below reserve ${c.below_reserve} times): the energy model does not stop such aircraft, so those flights are not physically possible`);
  }
  return out;
}


export async function runCommand(argv: string[]): Promise<number> {
  if (argv.some((a) => a === '--bluesky' || a.startsWith('--bluesky='))) return runBlueSkyCommand(argv);
  const opts = parseRunArgs(argv);
  if (!opts) {
    console.log(RUN_HELP);
    return 0;
  }
  // Ctrl-C is ours from here on, before the scenario is loaded: a signal during loading or
  // compiling stops the run as soon as it starts (exit 130, nothing written), instead of killing
  // the process by signal (seen by the kill test as an exit without a code).
  let stop = false;
  const onSignal = () => {
    if (stop) process.exit(130);
    stop = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const scenario = loadScenario(opts.scenario, opts.overrides);
  const netUnsupported = scenario.ground.sumo_net?.network?.unsupported ?? [];
  if (netUnsupported.length && !opts.quiet) console.error(`warning: ${scenario.ground.sumo_net!.file}: not modelled, listed here rather than dropped silently:\n${netUnsupported.map((u) => `  ${u.count} × ${u.feature}`).join('\n')}`);
  const estimate = checkLimits(scenario, opts.durationS, opts.replay, opts.limits);
  // The output folder is checked before simulating, so a bad --out never costs a whole run.
  checkOutputDir(resolve(opts.out), '--out');
  if (!opts.quiet && existsSync(join(resolve(opts.out), 'summary.json'))) console.log(`note: ${opts.out}/ holds an earlier run; its files are replaced when this run finishes`);
  const showProgress = !opts.quiet && process.stderr.isTTY;
  const started = performance.now();
  const progressBar = (label: string) => {
    if (!showProgress) return null;
    const bar = new cliProgress.SingleBar({ format: ` ${label} {bar} {percentage}% | sim {simTime} | {speed}× real time | {agents} agents`, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(100, 0, { simTime: '0 s', speed: '-', agents: 0 });
    const t0 = performance.now();
    return {
      update: (done: number, total: number, sim: Simulation) => {
        const simS = done * scenario.params.dt;
        bar.update(Math.floor((done / total) * 100), { simTime: `${Math.round(simS)} s`, speed: (simS / Math.max((performance.now() - t0) / 1000, 1e-6)).toFixed(0), agents: sim.agents.activeCount });
      },
      stop: () => bar.stop(),
    };
  };
  if (!opts.quiet && estimate.trips > 100_000) console.log(`about ${estimate.trips.toLocaleString('en-US')} trips and ${estimate.peakAgents.toLocaleString('en-US')} agents at the busiest hour expected`);
  const main = progressBar('run      ');
  const result = await runScenarioInterruptible(scenario, opts.seed, opts.durationS, { replay: opts.replay, onProgress: main?.update, shouldStop: () => stop, workers: opts.workers });
  main?.stop();
  const mainWall = (performance.now() - started) / 1000;
  if (result.interrupted && mainWall < opts.keepPartialAfterS) {
    console.error(`interrupted after ${mainWall.toFixed(1)} s: nothing was written (a run interrupted after ${opts.keepPartialAfterS} s keeps a partial result; --keep-partial-after)`);
    return 130;
  }
  // The same scenario and seed without resolution, so the summary can show what resolution bought.
  const tac = scenario.tactical;
  if (!result.interrupted && opts.crBaseline && tac.enabled && tac.resolver !== 'none') {
    if (!opts.quiet && !showProgress) console.log('comparison run with --cr none ...');
    const cmpBar = progressBar('--cr none');
    const base = await runScenarioInterruptible({ ...scenario, tactical: { ...tac, resolver: 'none' } }, opts.seed, opts.durationS, { replay: false, onProgress: cmpBar?.update, shouldStop: () => stop, workers: opts.workers });
    cmpBar?.stop();
    if (base.interrupted) console.error('interrupted during the --cr none comparison run: the results are written without cr_comparison');
    else {
      const t = base.sim.tactical.summary(), mine = result.sim.tactical.summary();
      (result.summary.airspace as Record<string, unknown>).cr_comparison = {
        resolver: tac.resolver,
        los: mine.los, los_time_s: mine.los_time_s, conflicts: mine.conflicts,
        none_los: t.los, none_los_time_s: t.los_time_s, none_conflicts: t.conflicts,
      };
      (result.summary.performance as Record<string, unknown>).comparison_wall_s = Math.round(base.wallS * 1000) / 1000;
    }
  }
  const outDir = resolve(opts.out);
  result.summary.overrides = opts.overrides;
  // Replay and summary replace the folder's previous pair together (or not at all).
  writeFilesAtomic([
    ...(result.replay ? [{ path: join(outDir, 'replay.skw'), data: result.replay }] : []),
    { path: join(outDir, 'summary.json'), data: JSON.stringify(result.summary, null, 2) + '\n' },
  ]);
  // A folder holds one run: an older replay must not sit next to a summary without one.
  if (!result.replay) rmSync(join(outDir, 'replay.skw'), { force: true });
  if (!opts.quiet) {
    console.log(classTable(result.summary.classes as Record<string, Record<string, number>>));
    const vertiports = vertiportTable(result.summary.vertiports as Parameters<typeof vertiportTable>[0]);
    if (vertiports) console.log(vertiports);
    const g = result.sim.groundSummary();
    if (g) console.log(`ground network (${g.junction_control} junctions): ${g.inserted} shuttles entered, ${g.arrived} arrived, ${g.waiting_to_insert} waiting to enter, ${g.lane_changes} lane changes, longest stop ${g.max_stopped_s} s, stuck ${g.stuck}`);
    const cmp = (result.summary.airspace as Record<string, unknown>).cr_comparison as Record<string, number | string> | undefined;
    if (cmp) console.log(`losses of separation (unique pairs): ${cmp.los} with ${cmp.resolver} vs ${cmp.none_los} with --cr none on the same seed; time in LoS ${cmp.los_time_s} s vs ${cmp.none_los_time_s} s`);
    for (const w of runWarnings(result.summary)) console.log(`warning: ${w}`);
    const perf = result.summary.performance as { wall_s: number; speedup: number };
    const cmpWall = (perf as { comparison_wall_s?: number }).comparison_wall_s;
    console.log(`${scenario.name}: seed ${opts.seed}, ${result.summary.duration_s} s simulated in ${perf.wall_s} s (${perf.speedup}× real time)${cmpWall !== undefined ? `, plus ${cmpWall} s for the --cr none comparison` : ''}, state hash ${result.summary.state_hash}`);
    if (result.interrupted) console.log(`interrupted: the results are partial ("partial": true in summary.json), up to ${result.summary.duration_s} s simulated`);
    console.log(`\nOutputs in ${opts.out}/: summary.json${result.replay ? ', replay.skw' : ''}`);
    if (result.replay) {
      const rp = join(opts.out, 'replay.skw');
      console.log('Next:');
      console.log(`  npm run sim -- info ${rp}`);
      console.log(`  npm run sim -- export --replay ${rp} --format geojson --out ${join(opts.out, 'tracks.geojson')}`);
      console.log(`  npm run view            (replays ${rp} in the browser)`);
    }
  }
  return result.interrupted ? 130 : 0;
}
