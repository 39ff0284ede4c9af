import { runCommand, RUN_HELP } from './commands/run.ts';
import { infoCommand, INFO_HELP } from './commands/info.ts';
import { exportCommand, EXPORT_HELP } from './commands/export.ts';
import { gridBenchCommand, GRID_BENCH_HELP } from './commands/grid-bench.ts';
import { detectCommand, DETECT_HELP } from './commands/detect.ts';
import { carFollowingCommand, CAR_FOLLOWING_HELP } from './commands/car-following.ts';
import { groundCommand, GROUND_HELP } from './commands/ground.ts';
import { UsageError } from './io.ts';
import { ScenarioLoadError } from './scenario-loader.ts';
import { ScenarioCompileError } from '../sim-core/scenario/compile.ts';

const HELP = `skyweave: deterministic low-altitude traffic simulator

Usage: npm run sim -- <command> [options]

Commands:
  run       run a scenario headless, write summary.json and replay.skw
  export    export a replay's tracks as GeoJSON or CSV
  info      print a replay's header and counts (and verify it)
  grid-bench  plan MovingAI grid benchmarks (single-agent A*, multi-agent prioritized SIPP)
  detect    state-based conflict detection on a traffic snapshot (JSON)
  car-following  IDM or Krauss followers behind a recorded leader (SUMO Euler or ballistic update)
  ground    ground traffic on a grid: lanes, car following, lane changes, junction managers
  help      this text; "<command> --help" for a command's options

${RUN_HELP.split('\n')[0]}
${EXPORT_HELP.split('\n')[0]}
${INFO_HELP.split('\n')[0]}
${GRID_BENCH_HELP.split('\n')[0]}
${DETECT_HELP.split('\n')[0]}
${CAR_FOLLOWING_HELP.split('\n')[0]}
${GROUND_HELP.split('\n')[0]}`;

const COMMANDS: Record<string, (argv: string[]) => number> = { run: runCommand, info: infoCommand, export: exportCommand, 'grid-bench': gridBenchCommand, detect: detectCommand, 'car-following': carFollowingCommand, ground: groundCommand };

/** Runs the CLI and returns the exit code: 0 ok, 2 bad input, 1 internal error. */
export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return 0;
  }
  const handler = COMMANDS[command];
  try {
    if (!handler) throw new UsageError(`unknown command "${command}": expected one of ${Object.keys(COMMANDS).join(', ')} (see --help)`);
    return handler(rest);
  } catch (e) {
    if (e instanceof ScenarioLoadError) {
      console.error(`error: invalid scenario (${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}); nothing was written`);
      for (const p of e.problems) console.error(`  ${p.file}: ${p.path}: ${p.message}`);
      return 2;
    }
    if (e instanceof ScenarioCompileError) {
      console.error(`error: scenario cannot be compiled: ${e.message}; nothing was written`);
      return 2;
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

process.exitCode = main(process.argv.slice(2));
