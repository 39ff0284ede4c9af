import { ExperimentError, InputFileError, ScenarioLoadError, UsageError, WriteError } from './io.ts';
import { glueNegativeValues } from './args.ts';
import { ScenarioCompileError } from '../sim-core/scenario/errors.ts';

/**
 * The `sim` command line. Commands are loaded on demand, so `--help` and short commands do not
 * pay for modules they do not use (src/build/sim.mjs runs the compiled form of this file).
 */
type Command = { summary: string; load: () => Promise<(argv: string[]) => number | Promise<number>> };

const COMMANDS: Record<string, Command> = {
  run: { summary: 'run a scenario headless, write summary.json and replay.skw', load: async () => (await import('./commands/run.ts')).runCommand },
  export: { summary: "export a replay's tracks as GeoJSON or CSV", load: async () => (await import('./commands/export.ts')).exportCommand },
  info: { summary: "print a replay's header and counts (and verify it)", load: async () => (await import('./commands/info.ts')).infoCommand },
  'grid-bench': { summary: 'plan MovingAI grid benchmarks (single-agent A*, multi-agent prioritized SIPP)', load: async () => (await import('./commands/grid-bench.ts')).gridBenchCommand },
  detect: { summary: 'state-based conflict detection on a traffic snapshot (JSON)', load: async () => (await import('./commands/detect.ts')).detectCommand },
  'car-following': { summary: 'IDM or Krauss followers behind a recorded leader (SUMO Euler or ballistic update)', load: async () => (await import('./commands/car-following.ts')).carFollowingCommand },
  scenario: { summary: 'export a built-in scenario (JSON + GeoJSON layers) as a starting point', load: async () => (await import('./commands/scenario.ts')).scenarioCommand },
  sweep: { summary: 'run a grid of settings × seeds in parallel (local or BullMQ), with intervals and a report', load: async () => (await import('./commands/sweep.ts')).sweepCommand },
  report: { summary: "rebuild a sweep's report.html from its runs.csv", load: async () => (await import('./commands/report.ts')).reportCommand },
  worker: { summary: 'take sweep runs from a BullMQ queue in Redis and run them', load: async () => (await import('./commands/worker.ts')).workerCommand },
  'import-osm': { summary: 'OpenStreetMap roads (XML or PBF) to a GeoJSON road layer for scenarios', load: async () => (await import('./commands/import-osm.ts')).importOsmCommand },
  ground: { summary: 'ground traffic on a grid: lanes, car following, lane changes, junction managers', load: async () => (await import('./commands/ground.ts')).groundCommand },
};

const HELP = `skyweave: deterministic low-altitude traffic simulator

Usage: npm run sim -- <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`).join('\n')}
  ${'help'.padEnd(14)} this text; "<command> --help" for a command's options

Example: npm run sim -- run --scenario alatau --duration 3600 --out out/alatau`;

/** Runs the CLI and returns the exit code: 0 ok, 2 bad input, 1 internal error. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return 0;
  }
  const handler = COMMANDS[command];
  // Ctrl-C while the command's code loads: nothing has been done yet, so exit 130 (interrupted)
  // rather than die by signal; the command installs its own handling, if any, as it starts.
  const earlyInterrupt = () => process.exit(130);
  process.on('SIGINT', earlyInterrupt);
  const launcher = (globalThis as { skyweaveLauncherInterrupt?: () => void }).skyweaveLauncherInterrupt;
  if (launcher) process.off('SIGINT', launcher);
  try {
    if (!handler) throw new UsageError(`unknown command "${command}": expected one of ${Object.keys(COMMANDS).join(', ')} (see --help)`);
    const run = await handler.load();
    process.off('SIGINT', earlyInterrupt);
    return await run(glueNegativeValues(rest));
  } catch (e) {
    if (e instanceof ScenarioLoadError) {
      console.error(`error: invalid scenario (${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}); nothing was written`);
      for (const p of e.problems) console.error(`  ${p.file}: ${p.path}: ${p.message}`);
      return 2;
    }
    if (e instanceof ExperimentError) {
      console.error(`error: invalid experiment (${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}); nothing was run`);
      for (const p of e.problems) console.error(`  ${p.file}: ${p.path}: ${p.message}`);
      return 2;
    }
    if (e instanceof ScenarioCompileError) {
      console.error(`error: scenario cannot be compiled: ${e.message}; nothing was written`);
      return 2;
    }
    if (e instanceof InputFileError) {
      console.error(`error: ${e.message}; nothing was written`);
      return 2;
    }
    if (e instanceof WriteError) {
      console.error(`error: ${e.message}`);
      return 1;
    }
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    // parseArgs reports unknown flags and missing values with these codes.
    const code = (e as { code?: string }).code;
    if (code && code.startsWith('ERR_PARSE_ARGS')) {
      console.error(`error: ${command}: ${(e as Error).message.split('\n')[0]} (see npm run sim -- ${command} --help)`);
      return 2;
    }
    console.error(`internal error (please report): ${(e as Error).stack ?? e}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
