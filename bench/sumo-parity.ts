import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDM_DEFAULTS } from '../sim-core/ground/idm.ts';
import { replayFollowers } from '../sim-core/ground/follow-replay.ts';

/**
 * SUMO parity of `car-following --integration sumo`: runs SUMO 1.15 (bench/sumo-parity/run_sumo.py,
 * TraCI-driven leader, IDM followers) when it is installed, else uses the SUMO outputs recorded in
 * test/fixtures/sumo, and reports the largest position and speed differences per profile and dt.
 */
export const PARITY_PROFILES = ['stop-and-go', 'sinusoid', 'emergency'] as const;
export const PARITY_DTS = [0.1, 0.5] as const;
export const PARITY_FOLLOWERS = 5;
export const PARITY_SPACING = 20;

export function parseCsv(file: string): string[][] {
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
}

/** Largest |pos| and |speed| difference between our SUMO-style replay and SUMO's own trace. */
export function compareWithSumo(dir: string, dt: number): { rows: number; maxPosErr: number; maxSpeedErr: number } {
  const leader = parseCsv(join(dir, 'leader.csv')).map((r) => r.map(Number));
  const sumo = parseCsv(join(dir, 'sumo.csv'));
  const trace = replayFollowers({ time: leader.map((r) => r[0]), pos: leader.map((r) => r[1]), speed: leader.map((r) => r[2]) }, PARITY_FOLLOWERS, PARITY_SPACING, IDM_DEFAULTS, dt, 'sumo');
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
  for (const profile of PARITY_PROFILES) for (const dt of PARITY_DTS) {
    let dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'sumo', `${profile}-${dt}`);
    if (live) {
      dir = join(work, `${profile}-${dt}`);
      execFileSync('python3', [join(import.meta.dirname, 'sumo-parity', 'run_sumo.py'), profile, String(dt), String(PARITY_FOLLOWERS), String(PARITY_SPACING), dir], { stdio: 'ignore' });
    }
    const c = compareWithSumo(dir, dt);
    rows.push({ source: live ? 'sumo (live)' : 'recorded fixture', profile, dt, rows: c.rows, max_pos_err_m: +c.maxPosErr.toExponential(2), max_speed_err_mps: +c.maxSpeedErr.toExponential(2), within_tolerance: c.maxPosErr <= 0.05 && c.maxSpeedErr <= 0.01 ? 'yes' : 'NO' });
  }
  return rows;
}
