import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis } from './redis.ts';

/**
 * Sweep backends on one workload (Alatau, 2 policies × demand 1, 3 × 4 seeds, 30 min each, run
 * through the compiled CLI as a user would): the local backend with 1 and 2 workers (speed-up),
 * and BullMQ with 1 and 2 worker processes against a real redis-server (overhead per run against
 * the local backend with as many workers). Each measurement writes to a fresh folder and queue.
 */
const SIM = join(import.meta.dirname, '..', 'src', 'build', 'sim.mjs');
const GRID = ['--grid', 'airspace.policy=full-mix,layers', '--grid', 'demand.scale=1,3', '--seeds', '1-4', '--duration', '1800', '--quiet'];
const RUNS = 16;

function timedSweep(extra: string[]): number {
  const out = mkdtempSync(join(tmpdir(), 'skw-bench-sweep-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [SIM, 'sweep', ...GRID, ...extra, '--out', out], { encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`sweep failed: ${r.stderr}`);
  const rows = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n').length - 1;
  if (rows !== RUNS) throw new Error(`expected ${RUNS} rows, got ${rows}`);
  return wall;
}

export async function sweepBench(): Promise<Record<string, number | string>[]> {
  spawnSync(process.execPath, [SIM, '--help']); // builds dist/ if stale, outside the timings
  const rows: Record<string, number | string>[] = [];
  const local: number[] = [];
  for (const workers of [1, 2]) {
    const wall = timedSweep(['--workers', String(workers)]);
    local[workers] = wall;
    rows.push({ backend: 'local', workers, runs: RUNS, wall_s: round(wall), ms_per_run: Math.round((wall * 1000) / RUNS), speedup_vs_1_worker: round(local[1] / wall) });
  }
  const redis = await startRedis();
  try {
    for (const workers of [1, 2]) {
      const queue = `bench-${workers}-${Date.now()}`;
      const procs = Array.from({ length: workers }, () => spawn(process.execPath, [SIM, 'worker', '--redis', redis.url, '--queue', queue], { stdio: ['ignore', 'pipe', 'inherit'] }));
      await Promise.all(procs.map((p) => new Promise<void>((resolve) => {
        let log = '';
        p.stdout!.on('data', (d) => { log += String(d); if (log.includes('waiting for runs')) resolve(); });
      })));
      const wall = timedSweep(['--backend', 'bullmq', '--redis', redis.url, '--queue', queue]);
      await Promise.all(procs.map((p) => new Promise<void>((resolve) => { p.once('exit', () => resolve()); p.kill('SIGTERM'); })));
      rows.push({
        backend: 'bullmq', workers, runs: RUNS, wall_s: round(wall), ms_per_run: Math.round((wall * 1000) / RUNS),
        speedup_vs_1_worker: round(local[1] / wall), overhead_ms_per_run_vs_local: Math.round(((wall - local[workers]) * 1000) / RUNS),
      });
    }
  } finally {
    await redis.stop();
  }
  return rows;
}

const round = (v: number) => Math.round(v * 100) / 100;
