import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAR_FOLLOWING_MODELS, VEHICLE_TYPE_DEFAULTS, type Integration } from '../sim-core/ground/car-following/index.ts';
import { replayFollowers } from '../sim-core/ground/car-following/follow-replay.ts';

/**
 * SUMO parity of the car-following models: runs SUMO 1.15 (bench/sumo-parity/run_sumo.py,
 * TraCI-driven leader, IDM or Krauss followers, Euler or ballistic update) when it is installed,
 * else uses the SUMO outputs recorded in test/fixtures/sumo, and reports the largest position and
 * speed differences per model, update, profile and dt.
 */
export const PARITY_PROFILES = ['stop-and-go', 'sinusoid', 'emergency'] as const;
export const PARITY_DTS = [0.1, 0.5] as const;
export const PARITY_FOLLOWERS = 5;
export const PARITY_SPACING = 20;
/** The TraCI-driven leader's vType decel in run_sumo.py (Krauss assumes the leader can brake this hard). */
export const PARITY_LEADER_DECEL = 20;

/** The cases with recorded SUMO traces: model, integration and the fixture folder under test/fixtures/sumo. */
export const PARITY_CASES: { model: string; integration: Integration; method: 'euler' | 'ballistic'; folder: string }[] = [
  { model: 'idm', integration: 'sumo', method: 'euler', folder: '.' },
  { model: 'krauss', integration: 'sumo', method: 'euler', folder: 'krauss-euler' },
  { model: 'krauss', integration: 'ballistic', method: 'ballistic', folder: 'krauss-ballistic' },
];

export function parseCsv(file: string): string[][] {
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
}

/** Largest |pos| and |speed| difference between our replay and SUMO's own trace in `dir`. */
export function compareWithSumo(dir: string, dt: number, model = 'idm', integration: Integration = 'sumo'): { rows: number; maxPosErr: number; maxSpeedErr: number } {
  const leader = parseCsv(join(dir, 'leader.csv')).map((r) => r.map(Number));
  const sumo = parseCsv(join(dir, 'sumo.csv'));
  const cf = CAR_FOLLOWING_MODELS.get(model)({ ...VEHICLE_TYPE_DEFAULTS, sigma: 0 }, integration, () => 0);
  const trace = replayFollowers({ time: leader.map((r) => r[0]), pos: leader.map((r) => r[1]), speed: leader.map((r) => r[2]) }, PARITY_FOLLOWERS, PARITY_SPACING, cf, dt, PARITY_LEADER_DECEL);
  let maxPosErr = 0, maxSpeedErr = 0;
  if (sumo.length !== trace.steps * trace.n) throw new Error(`${dir}: SUMO has ${sumo.length} rows, replay ${trace.steps * trace.n}`);
  for (let r = 0; r < sumo.length; r++) {
    const [t, id, pos, speed] = sumo[r];
    const k = Math.floor(r / trace.n), i = Number(id.slice(1)) - 1;
    if (Math.abs(Number(t) - trace.time[k]) > 1e-6) throw new Error(`${dir}: row ${r}: time ${t} vs ${trace.time[k]}`);
    maxPosErr = Math.max(maxPosErr, Math.abs(Number(pos) - trace.pos[k * trace.n + i]));
    maxSpeedErr = Math.max(maxSpeedErr, Math.abs(Number(speed) - trace.speed[k * trace.n + i]));
  }
  return { rows: sumo.length, maxPosErr, maxSpeedErr };
}

/** Is SUMO's `sumo` binary on the PATH? */
export function sumoInstalled(): boolean {
  try {
    execFileSync('sumo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function sumoParityBench(): Record<string, number | string>[] {
  const live = sumoInstalled();
  const work = live ? mkdtempSync(join(tmpdir(), 'skyweave-sumo-')) : '';
  const rows: Record<string, number | string>[] = [];
  for (const c of PARITY_CASES) for (const profile of PARITY_PROFILES) for (const dt of PARITY_DTS) {
    let dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'sumo', c.folder, `${profile}-${dt}`);
    if (live) {
      dir = join(work, c.folder, `${profile}-${dt}`);
      execFileSync('python3', [join(import.meta.dirname, 'sumo-parity', 'run_sumo.py'), profile, String(dt), String(PARITY_FOLLOWERS), String(PARITY_SPACING), dir, c.model, c.method], { stdio: 'ignore', env: { SUMO_HOME: '/usr/share/sumo', ...process.env } });
    }
    const r = compareWithSumo(dir, dt, c.model, c.integration);
    rows.push({ source: live ? 'sumo (live)' : 'recorded fixture', model: c.model, update: c.method, profile, dt, rows: r.rows, max_pos_err_m: +r.maxPosErr.toExponential(2), max_speed_err_mps: +r.maxSpeedErr.toExponential(2), within_tolerance: r.maxPosErr <= 0.05 && r.maxSpeedErr <= 0.01 ? 'yes' : 'NO' });
  }
  return rows;
}
