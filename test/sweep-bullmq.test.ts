import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from './helpers/cli.ts';
import { redisAvailable, startRedis, type RedisServer } from '../bench/redis.ts';
import { readRunsCsv } from '../src/experiments/results.ts';

/**
 * The distributed backend against a real redis-server (started here on a free loopback port)
 * and real `sim worker` processes, one of which is killed with SIGKILL in the middle of a run.
 */
const required = process.env.SKYWEAVE_REQUIRE_REDIS === '1';
const available = redisAvailable();
if (!available && !required) console.warn('BullMQ tests SKIPPED: no redis-server (run "bash .ci/install-redis")');

const tmp = () => mkdtempSync(join(tmpdir(), 'skw-bullmq-'));
const stable = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'wall_s'));
const SIM = join(ROOT, 'src', 'build', 'sim.mjs');

interface WorkerProc {
  child: ChildProcess;
  log: string;
  exited: Promise<void>;
}

/** A worker in its own process group, so killing the group also kills its sandboxed runs (a machine dying). */
function startWorkerProc(url: string, extra: string[] = []): WorkerProc {
  const child = spawn(process.execPath, [SIM, 'worker', '--redis', url, '--lock-ms', '3000', '--stalled-ms', '1000', '--max-stalled', '2', ...extra], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const w: WorkerProc = { child, log: '', exited: new Promise((r) => child.once('exit', () => r())) };
  child.stdout!.on('data', (d) => (w.log += String(d)));
  child.stderr!.on('data', (d) => (w.log += String(d)));
  return w;
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function runSweep(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SIM, 'sweep', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (err += String(d)));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

describe.skipIf(!available && !required)('sweep on BullMQ + Redis', () => {
  let redis: RedisServer;
  const workers: WorkerProc[] = [];
  beforeAll(async () => {
    if (!available) throw new Error('redis-server is required (SKYWEAVE_REQUIRE_REDIS=1) but missing: run bash .ci/install-redis');
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) {
      try { process.kill(-w.child.pid!, 'SIGKILL'); } catch { /* gone */ }
      await w.exited;
    }
    await redis?.stop();
  });

  it('a worker killed with SIGKILL mid-run: every run once, equal to the local backend, the killed run retried', async () => {
    const grid = ['--grid', 'demand.scale=2,3', '--seeds', '1-3', '--duration', '1800', '--quiet'];
    const local = tmp();
    const l = runCli(['sweep', ...grid, '--workers', '2', '--out', local]);
    expect(l.code, l.err).toBe(0);

    const a = startWorkerProc(redis.url), b = startWorkerProc(redis.url);
    workers.push(a, b);
    await waitFor(() => a.log.includes('waiting for runs') && b.log.includes('waiting for runs'), 20_000, 'both workers ready');
    const out = tmp();
    const sweep = runSweep([...grid, '--backend', 'bullmq', '--redis', redis.url, '--out', out]);
    // Kill worker a as soon as it has started a run (the run takes seconds; the kill lands mid-run).
    await waitFor(() => /started [0-9a-f]{20}/.test(a.log), 30_000, 'worker a to start a run');
    const killedKey = /started ([0-9a-f]{20})/.exec(a.log)![1];
    process.kill(-a.child.pid!, 'SIGKILL');
    await a.exited;
    expect(a.log).not.toContain(`finished ${killedKey}`);
    const r = await sweep;
    expect(r.code, r.err + r.out).toBe(0);

    const rows = readRunsCsv(join(out, 'runs.csv'));
    const localRows = readRunsCsv(join(local, 'runs.csv'));
    expect(rows.length).toBe(6);
    expect(new Set(rows.map((x) => x.run_key)).size).toBe(6);
    expect(rows.map(stable)).toEqual(localRows.map(stable));
    const stats = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')).last_invocation;
    expect(stats).toMatchObject({ backend: 'bullmq', submitted: 6, completed: 6, failed: 0 });
    expect(stats.retried).toBeGreaterThanOrEqual(1);
    console.log(`BullMQ kill test: ${stats.submitted} runs submitted, ${stats.completed} completed, ${stats.retried} retried after the SIGKILL, ${rows.length - new Set(rows.map((x) => x.run_key)).size} duplicates, ${6 - rows.length} lost, ${stats.failed} failed`);
    // The surviving worker ran the killed run again.
    expect(b.log).toMatch(new RegExp(`started ${killedKey} \\(seed \\d+, attempt 2\\)`));
    expect(b.log).toContain(`finished ${killedKey}`);

    // Resubmitting the same sweep enqueues nothing: every job is already complete in Redis.
    const again = tmp();
    const r2 = await runSweep([...grid, '--backend', 'bullmq', '--redis', redis.url, '--out', again]);
    expect(r2.code, r2.err).toBe(0);
    expect(JSON.parse(readFileSync(join(again, 'sweep.json'), 'utf8')).last_invocation).toMatchObject({ submitted: 6, completed: 6, reused: 6 });
    expect(readRunsCsv(join(again, 'runs.csv')).map(stable)).toEqual(rows.map(stable));
    b.child.kill('SIGTERM');
    await b.exited;
    expect(b.log).toContain('stopping after the runs in flight');
  }, 180_000);

  it('refuses an unreachable Redis with a clear message (exit 2)', async () => {
    const r = runCli(['sweep', '--grid', 'demand.scale=1', '--seeds', '1', '--duration', '60', '--backend', 'bullmq', '--redis', 'redis://127.0.0.1:1', '--out', tmp(), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    const bad = runCli(['worker', '--redis', 'http://x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--redis: expected redis:\/\/HOST:PORT/);
  }, 60_000);
});
