import { ScriptedTactical, type PairEvent } from '../../../sim-core/scripted/scripted-tactical.ts';
import { readScn, type ScnCommand } from './scn-reader.ts';
import { BlueSkyStack, END_COMMANDS, MIN_DT_S } from './stack.ts';
import { FAMILIES } from './aircraft-types.ts';
import type { EarthModel } from '../../../sim-core/world/world.ts';
import { StateHasher } from '../../../sim-core/world/hash.ts';
import type { ScriptedTraffic } from '../../../sim-core/scripted/scripted-traffic.ts';
import { BlueSkyRecorder } from './bluesky-replay.ts';

export interface BlueSkyRunOptions {
  /** Simulated seconds; absent: the scenario's HOLD/QUIT, else until traffic is done (at most 1 h past the last command). */
  durationS?: number;
  /** Overrides the scenario's DT. */
  dt?: number;
  earth?: EarthModel;
  /** Overrides the scenario's RESO (a skyweave resolver name). */
  resolver?: string;
  broadphase?: string;
  /** Stop at the first warning (a bad line or command) instead of going on as BlueSky does. */
  strict?: boolean;
  /** Record a replay with a frame every this many simulated seconds (absent: no replay). */
  recordIntervalS?: number;
  onProgress?: (simS: number, endS: number, alive: number) => void;
  shouldStop?: () => boolean;
  /** Refuse a run that could take more steps than this (the longest end / the smallest DT); default 5 M, as `run --max-ticks`. */
  maxSteps?: number;
}

export const DEFAULT_MAX_STEPS = 5_000_000;

/** Past the last command, traffic flying selected headings keeps a run going at most this long (s) without --duration. */
export const OPEN_END_S = 3600;

export class BlueSkyInputError extends Error {}

/**
 * Runs a BlueSky scenario's commands on scripted traffic: commands at their times, BlueSky's
 * kinematics every simdt, detection and resolution every asas_dt (1 s), to the end rule above.
 */
export function runBlueSky(text: string, file: string, opts: BlueSkyRunOptions = {}) {
  const started = performance.now();
  const { commands, problems } = readScn(text);
  if (commands.length === 0) {
    const why = problems.length ? `; line ${problems[0].line}: ${problems[0].message}` : ' (the file is empty or only comments)';
    throw new BlueSkyInputError(`${file}: expected BlueSky scenario lines "HH:MM:SS.hh>COMMAND args", found none${why}`);
  }
  if (opts.strict && problems.length) throw new BlueSkyInputError(`${file}:${problems[0].line}: ${problems[0].message}`);
  const stack = new BlueSkyStack({ dt: opts.dt !== undefined, resolver: opts.resolver !== undefined });
  if (opts.dt !== undefined) stack.dt = opts.dt;
  if (opts.resolver !== undefined) stack.tactical.resolver = opts.resolver;
  stack.tactical.earth = opts.earth ?? 'bluesky';
  const traffic = stack.traffic;
  const lastCommandS = commands[commands.length - 1].timeS;
  const capS = opts.durationS ?? lastCommandS + OPEN_END_S;
  refuseTooLong(commands, capS, opts, file);
  let tactical: ScriptedTactical | null = null;
  let simS = 0, next = 0, nextAsasS = 0, endReason = '';
  let warned = 0;
  const checkStrict = () => {
    if (opts.strict && stack.warnings.length > warned) {
      const w = stack.warnings[warned];
      throw new BlueSkyInputError(`${file}:${w.line}: ${w.message}`);
    }
    warned = stack.warnings.length;
  };
  const areaTest = (lat: number, lon: number, alt: number) => stack.inShape(stack.area!, lat, lon, alt);
  const scenarioHash = new StateHasher().string(text).hex();
  const recorder = opts.recordIntervalS ? new BlueSkyRecorder(opts.recordIntervalS, stack.dt, scenarioHash) : null;
  recorder?.maybeRecord(0, traffic);
  for (let steps = 0; ; steps++) {
    while (next < commands.length && commands[next].timeS <= simS + 1e-9) stack.apply(commands[next++], simS);
    checkStrict();
    if (simS >= capS - 1e-9) { endReason = opts.durationS !== undefined ? 'duration' : `open end (${OPEN_END_S} s after the last command)`; break; }
    if (simS >= stack.endRequestedS - 1e-9 && opts.durationS === undefined) { endReason = 'HOLD/QUIT in the scenario'; break; }
    if (opts.durationS === undefined && next === commands.length && trafficDone(stack)) { endReason = traffic.active.length ? 'every aircraft reached its destination or the end of its route' : 'no aircraft left'; break; }
    if (opts.shouldStop?.()) { endReason = 'interrupted'; break; }
    // Detection and resolution at every multiple of asas_dt (BlueSky's timed ASAS update), then the step.
    if (simS >= nextAsasS - 1e-9 && traffic.active.length) {
      // The local frame's origin: the mean position of the aircraft alive at the first detection pass.
      tactical ??= new ScriptedTactical(traffic, traffic.meanPosition(), opts.broadphase);
      tactical.run(simS, stack.asasDt, stack.tactical);
    }
    if (simS >= nextAsasS - 1e-9) nextAsasS = Math.round((nextAsasS + stack.asasDt) * 1e6) / 1e6;
    const exits = traffic.step(stack.dt, simS, stack.area ? areaTest : null);
    simS = Math.round((simS + stack.dt) * 1e6) / 1e6;
    for (const k of exits) {
      traffic.delete(k, simS);
      stack.deletedByArea++;
    }
    recorder?.maybeRecord(simS, traffic);
    if (opts.onProgress && steps % 2000 === 0) opts.onProgress(simS, Math.min(capS, Number.isFinite(stack.endRequestedS) ? stack.endRequestedS : capS), traffic.active.length);
  }
  const wallS = (performance.now() - started) / 1000;
  const warnings = [...problems.map((p) => ({ line: p.line, message: p.message })), ...stack.warnings].sort((a, b) => a.line - b.line || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  const stateHash = stateHashOf(traffic);
  return {
    summary: { ...summaryOf(file, stack, tactical, simS, endReason, wallS, warnings, commands), scenario_hash: scenarioHash, state_hash: stateHash },
    replay: recorder?.finish(file, stack, simS, tactical?.events ?? [], stateHash) ?? null,
    events: tactical?.events ?? [],
    acids: traffic.acid,
    warnings,
  };
}

/**
 * Refuses, before the first step, a scenario that could run more than `maxSteps` steps: its
 * latest possible end (the duration, else the first HOLD/QUIT, else an hour after the last
 * command) over the smallest step it may set (--dt, else 0.05 s and every DT in the file). A
 * command stamped 1,000 h in would otherwise keep the run going for days of wall time.
 */
function refuseTooLong(commands: ScnCommand[], capS: number, opts: BlueSkyRunOptions, file: string): void {
  let dt = opts.dt ?? 0.05, endS = capS;
  for (const c of commands) {
    const name = c.name.toUpperCase();
    if (opts.dt === undefined && name === 'DT') {
      const v = Number(c.args[0]);
      if (v >= MIN_DT_S && v <= 10 && v < dt) dt = v;
    }
    if (opts.durationS === undefined && END_COMMANDS.has(name) && c.timeS < endS) endS = c.timeS;
  }
  const steps = Math.ceil(endS / dt), max = opts.maxSteps ?? DEFAULT_MAX_STEPS;
  if (steps > max) {
    throw new BlueSkyInputError(`${file}: this run is too big: up to ${steps.toExponential(2)} steps = ${endS} s / dt ${dt} s (limit ${max.toExponential(2)}, --max-ticks); give --duration, a later DT or HOLD, or raise the limit`);
  }
}

/** 64-bit hash of every aircraft row's final state (equal runs give equal hashes). */
function stateHashOf(t: ScriptedTraffic): string {
  const h = new StateHasher().u32(t.n);
  for (let k = 0; k < t.n; k++) {
    h.u32(t.alive[k]).f64(t.lat[k]).f64(t.lon[k]).f64(t.alt[k]).f64(t.hdg[k]).f64(t.tas[k]).f64(t.vs[k]).f64(t.distanceM[k]);
  }
  return h.hex();
}

/** Every aircraft either reached its destination or flies no route (finished), and none is resolving; aircraft that never had a route are not done. */
function trafficDone(stack: BlueSkyStack): boolean {
  const t = stack.traffic;
  for (const k of t.active) {
    if (t.resoActive[k]) return false;
    if (t.routes[k].length === 0) return false;
    if (t.lnav[k] && t.wpIdx[k] < t.routes[k].length) return false;
  }
  return true;
}


function summaryOf(file: string, stack: BlueSkyStack, tactical: ScriptedTactical | null, simS: number, endReason: string, wallS: number, warnings: { line: number; message: string }[], commands: ScnCommand[]) {
  const t = stack.traffic;
  const classes: Record<string, { aircraft: number; reached_destination: number; flight_h: number; distance_km: number }> = {};
  for (let k = 0; k < t.n; k++) {
    const cls = FAMILIES[t.family[k]].skyweaveClass;
    const c = (classes[cls] ??= { aircraft: 0, reached_destination: 0, flight_h: 0, distance_km: 0 });
    c.aircraft++;
    if (t.arrivedS[k] === t.arrivedS[k]) c.reached_destination++;
    c.flight_h += ((t.alive[k] ? simS : t.deletedS[k]) - t.createdS[k]) / 3600;
    c.distance_km += t.distanceM[k] / 1000;
  }
  for (const c of Object.values(classes)) { c.flight_h = round(c.flight_h, 3); c.distance_km = round(c.distance_km, 3); }
  const s = stack.tactical;
  return {
    format: 'bluesky-scn', scenario: file, simulated_s: round(simS, 3), end: endReason,
    settings: { dt_s: stack.dt, asas_dt_s: stack.asasDt, rpz_m: round(s.rpz, 3), hpz_m: round(s.hpz, 3), tlook_s: s.tlook, detection: s.detection, resolver: s.resolver, margin: s.margin, earth: s.earth },
    aircraft: {
      created: t.n, deleted: t.n - t.active.length - stack.deletedByArea, left_area: stack.deletedByArea, alive_at_end: t.active.length,
      reached_destination: Object.values(classes).reduce((a, c) => a + c.reached_destination, 0),
    },
    classes,
    tactical: tactical?.summary() ?? null,
    commands: { read: commands.length, executed: Object.fromEntries([...stack.executed].sort(([a], [b]) => (a < b ? -1 : 1))), no_effect_headless: Object.fromEntries([...stack.ignored].sort(([a], [b]) => (a < b ? -1 : 1))) },
    unknown_types: Object.fromEntries([...stack.unknownTypes].sort(([a], [b]) => (a < b ? -1 : 1))),
    warnings,
    performance: { wall_s: round(wallS, 3), speedup: round(simS / Math.max(wallS, 1e-6), 1) },
  };
}

/** BlueSky's CONFLOG / LOSLOG as one CSV: a row per conflict or loss of separation as it starts. */
export function pairLogCsv(events: PairEvent[], acids: string[]): string {
  const rows = ['time_s,kind,ac1,ac2,tcpa_s,dcpa_m,tin_s,tout_s,distance_m'];
  const f = (v: number) => (v === v ? String(round(v, 3)) : '');
  for (const e of events) rows.push([round(e.timeS, 3), e.kind, acids[e.a], acids[e.b], f(e.tcpa), f(e.dcpa), f(e.tin), f(e.tout), f(e.distM)].join(','));
  return rows.join('\n') + '\n';
}

function round(v: number, digits: number): number {
  const m = 10 ** digits;
  return Math.round(v * m) / m;
}
