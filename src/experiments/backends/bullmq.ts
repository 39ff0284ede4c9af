import { Job, Queue, Worker } from 'bullmq';
import { UsageError } from '../../io.ts';
import type { RunJob } from '../plan.ts';
import { entryFile } from './entry-file.ts';
import { fromWire, type WireOutcome } from './wire.ts';
import type { Backend, BackendListener, BackendStats } from './types.ts';

/**
 * Distributed backend on BullMQ + Redis. The sweep puts one job per run on a queue with the run
 * key as job id (a resubmitted sweep enqueues nothing twice) and collects the results; `sim
 * worker` processes, on any number of machines, run the jobs in sandboxed child processes so a
 * CPU-bound run never starves the lock renewal. Delivery is at least once: a worker that dies
 * loses its lock, the job is moved back to the queue by another worker's stalled check and run
 * again; the sweep records results by run key, so a retried job never gives a second row.
 */

export const DEFAULT_QUEUE = 'skyweave-runs';

/** Lock settings (ms). The lock is renewed every lockDuration/2 by the worker's main process. */
export interface LockSettings {
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** How many times a run may lose its worker before it is failed (each loss = one retry). */
  maxStalledCount: number;
}

export const DEFAULT_LOCKS: LockSettings = { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 2 };

/** redis://host:port[/db] → connection options; anything else is a usage error naming the flag. */
export function redisConnection(url: string): { host: string; port: number; db: number; maxRetriesPerRequest: null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--redis: expected redis://HOST:PORT, got "${url}"`);
  }
  if (u.protocol !== 'redis:' || !u.hostname) throw new UsageError(`--redis: expected redis://HOST:PORT, got "${url}"`);
  const port = u.port ? Number(u.port) : 6379;
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(port) || port < 1 || port > 65535 || !Number.isInteger(db) || db < 0) throw new UsageError(`--redis: expected redis://HOST:PORT[/DB], got "${url}"`);
  // BullMQ needs maxRetriesPerRequest null for its blocking commands.
  return { host: u.hostname, port, db, maxRetriesPerRequest: null };
}

export class BullmqBackend implements Backend {
  private aborted = false;

  constructor(readonly redisUrl: string, readonly queueName = DEFAULT_QUEUE, readonly pollMs = 200) {}

  async run(jobs: RunJob[], listener: BackendListener): Promise<BackendStats> {
    const stats: BackendStats = { backend: 'bullmq', submitted: jobs.length, completed: 0, failed: 0, retried: 0, reused: 0 };
    if (!jobs.length) return stats;
    const queue = new Queue(this.queueName, { connection: redisConnection(this.redisUrl) });
    try {
      await withTimeout(queue.waitUntilReady(), 5_000, `cannot reach Redis at ${this.redisUrl} (is redis-server running?)`);
      // Job id = run key: adding a job whose id exists (waiting, running or finished) is a no-op.
      const before = await Promise.all(jobs.map((j) => queue.getJobState(j.key)));
      stats.reused = before.filter((s) => s === 'completed').length;
      await queue.addBulk(jobs.map((job) => ({
        name: 'run', data: job,
        opts: { jobId: job.key, attempts: 2, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: { age: 7 * 86400 }, removeOnFail: { age: 7 * 86400 } },
      })));
      const outstanding = new Map(jobs.map((j) => [j.key, j]));
      while (outstanding.size && !this.aborted) {
        const keys = [...outstanding.keys()];
        const states = await Promise.all(keys.map((k) => queue.getJobState(k)));
        for (let i = 0; i < keys.length; i++) {
          const state = states[i];
          if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
          const key = keys[i], job = outstanding.get(key)!;
          const record = await Job.fromId(queue, key);
          outstanding.delete(key);
          if (state === 'completed' && record?.returnvalue) {
            const wire = record.returnvalue as WireOutcome;
            if ((record.attemptsStarted ?? 1) > 1) stats.retried++;
            stats.completed++;
            listener.finished(fromWire(wire));
          } else {
            stats.failed++;
            listener.failed(job, state === 'unknown' ? 'job vanished from Redis (removed or evicted: is maxmemory-policy noeviction set?)' : record?.failedReason ?? 'failed');
          }
        }
        if (outstanding.size) await sleep(this.pollMs);
      }
    } finally {
      await queue.close();
    }
    return stats;
  }

  async abort(): Promise<void> {
    // Jobs stay queued: workers finish them, and rerunning the sweep collects them without rerunning.
    this.aborted = true;
  }
}

/** A `sim worker`: takes runs from the queue and runs them in sandboxed child processes. */
export function startWorker(redisUrl: string, options: { queueName?: string; concurrency: number; locks: LockSettings; log: (line: string) => void }): Worker {
  const worker = new Worker(options.queueName ?? DEFAULT_QUEUE, entryFile('bullmq-processor'), {
    connection: redisConnection(redisUrl),
    concurrency: options.concurrency,
    useWorkerThreads: false,
    lockDuration: options.locks.lockDurationMs,
    stalledInterval: options.locks.stalledIntervalMs,
    maxStalledCount: options.locks.maxStalledCount,
  });
  worker.on('active', (job) => options.log(`started ${job.id} (seed ${job.data.seed}, attempt ${job.attemptsStarted})`));
  worker.on('completed', (job) => options.log(`finished ${job.id} in ${(((job.finishedOn ?? 0) - (job.processedOn ?? 0)) / 1000).toFixed(1)} s`));
  worker.on('failed', (job, err) => options.log(`failed ${job?.id}: ${err.message}`));
  worker.on('error', (err) => options.log(`worker error: ${err.message}`));
  return worker;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new UsageError(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
