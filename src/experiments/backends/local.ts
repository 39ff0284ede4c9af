import { Piscina } from 'piscina';
import type { RunJob } from '../plan.ts';
import type { RunOutcome } from '../execute.ts';
import { entryFile } from './entry-file.ts';
import type { Backend, BackendListener, BackendStats } from './types.ts';

/**
 * Local backend: a piscina pool of worker threads on this machine, one run per thread at a
 * time. Runs share nothing (each builds its own World), so results do not depend on the
 * number of threads or on which thread ran what.
 */
export class LocalBackend implements Backend {
  private pool: Piscina | null = null;
  private aborted = false;

  constructor(readonly workers: number) {}

  async run(jobs: RunJob[], listener: BackendListener): Promise<BackendStats> {
    const stats: BackendStats = { backend: 'local', workers: this.workers, submitted: jobs.length, completed: 0, failed: 0, retried: 0 };
    if (!jobs.length) return stats;
    const pool = (this.pool = new Piscina({
      filename: entryFile('pool-worker'),
      minThreads: Math.min(this.workers, jobs.length),
      maxThreads: this.workers,
      idleTimeout: 1000,
      // Queue all jobs in the pool: it hands them out as threads free up, in submission order.
      maxQueue: Infinity,
    }));
    try {
      await Promise.all(jobs.map(async (job) => {
        try {
          const outcome = (await pool.run(job)) as RunOutcome;
          if (this.aborted) return;
          stats.completed++;
          listener.finished(outcome);
        } catch (e) {
          if (this.aborted) return;
          stats.failed++;
          listener.failed(job, (e as Error).message ?? String(e));
        }
      }));
    } finally {
      await pool.destroy();
      this.pool = null;
    }
    return stats;
  }

  async abort(): Promise<void> {
    this.aborted = true;
    await this.pool?.destroy();
  }
}
