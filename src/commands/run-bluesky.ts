import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { RESOLVERS } from '../../sim-core/index.ts';
import { EARTH_MODELS } from '../../sim-core/deconfliction/tactical/earth.ts';
import { BROAD_PHASES } from '../../sim-core/deconfliction/tactical/broadphase.ts';
import type { EarthModel } from '../../sim-core/world/world.ts';
import { BlueSkyInputError, DEFAULT_MAX_STEPS, OPEN_END_S, pairLogCsv, runBlueSky } from '../interop/bluesky/run-bluesky.ts';
import { typeTable } from '../interop/bluesky/aircraft-types.ts';
import { checkOutputDir, UsageError, writeFilesAtomic } from '../io.ts';
import { parseMember, parseNumberIn, parsePositive } from '../args.ts';

export const RUN_BLUESKY_HELP = `Usage: npm run sim -- run --bluesky <file.scn> [options]

Runs a BlueSky scenario (time-stamped stack commands) headless: BlueSky's kinematics every DT,
state-based detection (BlueSky's definitions) and resolution every second, and writes
<out>/summary.json (conflicts, losses of separation, per-class flight figures, every warning, state
hash), <out>/pairs.csv (BlueSky's CONFLOG/LOSLOG: a row per conflict or LoS as it starts) and
<out>/replay.skw (open it in the viewer: aircraft, the scenario's areas, conflicts and LoS).

Commands: CRE DEL ALT VS SPD HDG DEST ORIG ADDWPT LNAV VNAV MOVE ASAS CDMETHOD RESO ZONER ZONEDH DTLOOK
RFACH DT BOX POLY POLYALT CIRCLE AREA HOLD QUIT; display and run-speed commands (PAN, ZOOM, TRAIL,
FF, OP, ...) have no effect headless; any other command is a warning with its line number.
Positions are lat,lon (no navigation database: waypoint and airport names are warnings).
Ends at the scenario's HOLD/QUIT, else when every aircraft reached its destination or route end,
at most ${OPEN_END_S} s after the last command, or at --duration.

Options:
  --duration <s>      simulated seconds (overrides the end rule above)
  --dt <s>            simulation step (overrides the scenario's DT; BlueSky's default 0.05)
  --earth <model>     how detection measures offsets (default bluesky, so pairs match BlueSky's):
${EARTH_MODELS.helpLines('                        ')}
  --cr <name>         resolver instead of the scenario's RESO (${RESOLVERS.choices()})
  --broadphase <name> candidate search (${BROAD_PHASES.choices()})      [sliced-grid]
  --record-interval <s> seconds between replay frames                     [2]
  --no-replay         skip the replay file
  --strict            stop with exit code 2 at the first bad line or command (default: warn and go on, as BlueSky)
  --max-ticks <n>     refuse a run that could take more steps (latest end / smallest DT) [${DEFAULT_MAX_STEPS}]
  --out <dir>         output folder                                      [out/bluesky]
  --json              print summary.json to stdout
  --quiet             no progress bar or table

Aircraft types map to skyweave performance families (README, "BlueSky scenarios"):
${typeTable().map((r) => `  ${r.family.padEnd(15)} ${r.skyweaveClass.padEnd(11)} ${r.types.slice(0, 12).join(' ')}${r.types.length > 12 ? ' ...' : ''}`).join('\n')}
  unknown types fly as fixed-wing (BlueSky's own fallback is an airliner), listed in one warning.`;

const MAX_PRINTED_WARNINGS = 100;

export function runBlueSkyCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      bluesky: { type: 'string' }, duration: { type: 'string' }, dt: { type: 'string' }, earth: { type: 'string' }, cr: { type: 'string' },
      broadphase: { type: 'string' }, 'record-interval': { type: 'string' }, 'no-replay': { type: 'boolean', default: false }, strict: { type: 'boolean', default: false }, 'max-ticks': { type: 'string' }, out: { type: 'string', default: 'out/bluesky' },
      json: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true, allowPositionals: false,
  });
  if (values.help) {
    console.log(RUN_BLUESKY_HELP);
    return 0;
  }
  const file = values.bluesky;
  if (!file) throw new UsageError('--bluesky: expected a BlueSky scenario file (.scn)');
  const earth = values.earth ? (parseMember(values.earth, '--earth', EARTH_MODELS) as EarthModel) : undefined;
  if (values.cr) parseMember(values.cr, '--cr', RESOLVERS);
  if (values.broadphase) parseMember(values.broadphase, '--broadphase', BROAD_PHASES);
  const durationS = values.duration ? parsePositive(values.duration, '--duration', 'simulated seconds', 7 * 86400) : undefined;
  const dt = values.dt ? parseNumberIn(values.dt, '--dt', 'a time step in seconds', 0.001, 10) : undefined;
  const maxSteps = values['max-ticks'] ? parsePositive(values['max-ticks'], '--max-ticks', 'a limit', 1e15) : undefined;
  const recordIntervalS = values['no-replay'] ? undefined : values['record-interval'] ? parseNumberIn(values['record-interval'], '--record-interval', 'seconds between replay frames', 0.05, 3600) : 2;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (text.includes('\u0000')) throw new UsageError(`${file}: expected a text file of BlueSky stack commands, found binary data`);
  const outDir = resolve(values.out!);
  checkOutputDir(outDir, '--out');
  const show = !values.quiet && !values.json && process.stderr.isTTY;
  const bar = show ? new cliProgress.SingleBar({ format: ' bluesky {bar} {percentage}% | sim {value}/{total} s | {alive} aircraft', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
  let started = false, stop = false;
  const onSignal = () => { if (stop) process.exit(130); stop = true; };
  process.on('SIGINT', onSignal);
  let result;
  try {
    result = runBlueSky(text, file, {
      durationS, dt, earth, resolver: values.cr, broadphase: values.broadphase, strict: values.strict, recordIntervalS, maxSteps,
      shouldStop: () => stop,
      onProgress: (simS, endS, alive) => {
        if (!bar) return;
        if (!started) { bar.start(Math.round(endS), 0, { alive }); started = true; }
        bar.setTotal(Math.round(endS));
        bar.update(Math.round(simS), { alive });
      },
    });
  } catch (e) {
    if (e instanceof BlueSkyInputError) throw new UsageError(e.message);
    throw e;
  } finally {
    if (started) bar?.stop();
    process.off('SIGINT', onSignal);
  }
  const { summary, warnings } = result;
  writeFilesAtomic([
    { path: join(outDir, 'summary.json'), data: JSON.stringify(summary, null, 2) + '\n' },
    { path: join(outDir, 'pairs.csv'), data: pairLogCsv(result.events, result.acids) },
    ...(result.replay ? [{ path: join(outDir, 'replay.skw'), data: result.replay }] : []),
  ]);
  for (const w of warnings.slice(0, MAX_PRINTED_WARNINGS)) console.error(`warning: ${file}:${w.line}: ${w.message}`);
  if (warnings.length > MAX_PRINTED_WARNINGS) console.error(`warning: ... and ${warnings.length - MAX_PRINTED_WARNINGS} more (all in ${join(values.out!, 'summary.json')})`);
  const unknown = Object.entries(summary.unknown_types);
  if (unknown.length) console.error(`warning: ${file}: aircraft types not in skyweave's table, flown as fixed-wing: ${unknown.map(([t, n]) => `${t} (${n})`).join(', ')}`);
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else if (!values.quiet) {
    const t = new Table({ head: ['class', 'aircraft', 'reached dest', 'flight h', 'distance km'], style: { head: [], border: [] } });
    for (const [name, c] of Object.entries(summary.classes)) t.push([name, c.aircraft, c.reached_destination, c.flight_h, c.distance_km]);
    console.log(t.toString());
    const tac = summary.tactical;
    const s = summary.settings;
    if (tac) console.log(`conflicts: ${tac.conflict_pairs} unique pairs (${tac.conflict_pair_s} pair-s); losses of separation: ${tac.los_pairs} unique pairs (${tac.los_pair_s} pair-s); resolver ${s.detection ? s.resolver : 'none (CD off)'}, rpz ${s.rpz_m} m, hpz ${s.hpz_m} m, look-ahead ${s.tlook_s} s, earth ${s.earth}`);
    console.log(`${file}: ${summary.simulated_s} s simulated in ${summary.performance.wall_s} s (${summary.performance.speedup}× real time); ended: ${summary.end}`);
    console.log(`\nOutputs in ${values.out}/: summary.json, pairs.csv${result.replay ? ', replay.skw (npm run view)' : ''}`);
  }
  return stop ? 130 : 0;
}
