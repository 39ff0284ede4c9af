import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { CAR_FOLLOWING_MODELS, VEHICLE_TYPE_DEFAULTS, type VehicleType } from '../../sim-core/ground/car-following/index.ts';
import { replayFollowers } from '../../sim-core/ground/car-following/follow-replay.ts';
import { RngStreams } from '../../sim-core/world/rng.ts';
import { UsageError } from '../io.ts';
import { parseMember, parsePositive, parseSeed } from '../args.ts';

export const CAR_FOLLOWING_HELP = `Usage: npm run sim -- car-following --leader <csv time,pos,speed> --followers N --spacing <m>
         --model ${CAR_FOLLOWING_MODELS.choices()} --params accel=1.5,decel=2,tau=1.2,minGap=2,delta=4,length=5,v0=20,sigma=0 --dt <s>
         [--integration sumo|ballistic] [--leader-decel <m/s²>] [--seed 1] --csv

Replays the leader's trajectory on one lane (linear interpolation of the CSV at each step) and
simulates N followers of one car-following model starting at rest, <spacing> m apart front to
front behind the leader's first position; prints time,id,pos,speed for f1..fN after each step
(positions: front bumpers). --integration sumo is SUMO's default semi-implicit Euler update,
ballistic SUMO's --step-method.ballistic (for idm: the IDM acceleration held over the step).
--leader-decel is the recorded leader's maximum deceleration (Krauss plans with it; default: the
followers' decel). --seed feeds Krauss dawdling (sigma > 0). Models:
${CAR_FOLLOWING_MODELS.helpLines('  ')}`;

function parseParams(text: string | undefined): VehicleType {
  const p: VehicleType = { ...VEHICLE_TYPE_DEFAULTS };
  if (!text) return p;
  for (const kv of text.split(',')) {
    const [k, v] = kv.split('=');
    if (!(k in p)) throw new UsageError(`--params: unknown parameter "${k}" (expected ${Object.keys(p).join(', ')})`);
    const n = Number(v);
    const zeroOk = k === 'minGap' || k === 'sigma';
    if (v === undefined || !Number.isFinite(n) || n < 0 || (n === 0 && !zeroOk) || (k === 'sigma' && n > 1)) throw new UsageError(`--params: ${k}: expected ${k === 'sigma' ? 'a number in [0, 1]' : 'a positive number'}, got "${v ?? ''}"`);
    (p as unknown as Record<string, number>)[k] = n;
  }
  return p;
}

/** Reads a leader trajectory (time,pos,speed; optional header); throws a UsageError naming the file and line. */
export function parseLeaderCsv(text: string, file: string): { time: number[]; pos: number[]; speed: number[] } {
  const rows = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n').filter((l) => l.trim() !== '');
  const start = /[a-z]/i.test(rows[0] ?? '') && !/^\s*-?[\d.]/.test(rows[0]) ? 1 : 0;
  const T: number[] = [], X: number[] = [], V: number[] = [];
  const show = (line: string) => (line.length > 80 ? `${line.slice(0, 77)}...` : line);
  for (let i = start; i < rows.length; i++) {
    const f = rows[i].split(',').map((c) => (c.trim() === '' ? NaN : Number(c)));
    if (f.length < 3 || f.slice(0, 3).some((x) => !Number.isFinite(x))) throw new UsageError(`${file}: line ${i + 1}: expected time,pos,speed numbers, got "${show(rows[i])}"`);
    if (T.length && f[0] <= T[T.length - 1]) throw new UsageError(`${file}: line ${i + 1}: expected increasing time, got ${f[0]} after ${T[T.length - 1]}`);
    if (f[2] < 0) throw new UsageError(`${file}: line ${i + 1}: expected a speed >= 0, got ${f[2]}`);
    if (Math.abs(f[0]) > 1e7 || Math.abs(f[1]) > 1e9 || f[2] > 1000) throw new UsageError(`${file}: line ${i + 1}: expected |time| <= 1e7 s, |pos| <= 1e9 m and speed <= 1000 m/s, got "${show(rows[i])}"`);
    T.push(f[0]); X.push(f[1]); V.push(f[2]);
  }
  if (T.length < 2) throw new UsageError(`${file}: expected at least two rows of time,pos,speed`);
  return { time: T, pos: X, speed: V };
}

export function carFollowingCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { leader: { type: 'string' }, followers: { type: 'string' }, spacing: { type: 'string' }, model: { type: 'string', default: 'idm' }, params: { type: 'string' }, dt: { type: 'string' }, integration: { type: 'string', default: 'sumo' }, 'leader-decel': { type: 'string' }, seed: { type: 'string', default: '1' }, csv: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
  if (values.help) {
    console.log(CAR_FOLLOWING_HELP);
    return 0;
  }
  const make = CAR_FOLLOWING_MODELS.get(parseMember(values.model!, '--model', CAR_FOLLOWING_MODELS));
  if (values.integration !== 'sumo' && values.integration !== 'ballistic') throw new UsageError(`--integration: expected "sumo" or "ballistic", got "${values.integration}"`);
  if (!values.leader) throw new UsageError('car-following: --leader <csv> is required');
  const n = Number(values.followers);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--followers: expected a positive integer, got "${values.followers ?? ''}"`);
  const spacing = parsePositive(values.spacing ?? '', '--spacing', 'metres');
  const dt = parsePositive(values.dt ?? '', '--dt', 'seconds', 10);
  const p = parseParams(values.params);
  // Front-to-front spacing: below one car length the followers would start inside each other.
  if (spacing < p.length) throw new UsageError(`--spacing: expected at least the vehicle length (${p.length} m, front to front), got ${spacing}`);
  const leaderDecel = values['leader-decel'] === undefined ? p.decel : parsePositive(values['leader-decel'], '--leader-decel', 'deceleration in m/s²');
  const model = make(p, values.integration, new RngStreams(parseSeed(values.seed!)).stream('car-following'));
  let text: string;
  try {
    text = readFileSync(values.leader, 'utf8');
  } catch (e) {
    throw new UsageError(`${values.leader}: cannot read: ${(e as NodeJS.ErrnoException).code}`);
  }
  const { time: T, pos: X, speed: V } = parseLeaderCsv(text, values.leader);
  const steps = (T[T.length - 1] - T[0]) / dt;
  if (steps > 10_000_000) throw new UsageError(`--dt: ${T[T.length - 1] - T[0]} s of leader trajectory at dt ${dt} s is ${Math.round(steps)} steps; expected at most 10,000,000`);
  const trace = replayFollowers({ time: T, pos: X, speed: V }, n, spacing, model, dt, leaderDecel);
  const out: string[] = ['time,id,pos,speed'];
  for (let k = 0; k < trace.steps; k++) {
    const t = +trace.time[k].toFixed(6);
    for (let i = 0; i < n; i++) out.push(`${t},f${i + 1},${trace.pos[k * n + i].toFixed(4)},${trace.speed[k * n + i].toFixed(4)}`);
  }
  console.log(out.join('\n'));
  return 0;
}
