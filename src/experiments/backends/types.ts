import type { RunJob } from '../plan.ts';
import type { RunOutcome } from '../execute.ts';

/** Callbacks a backend reports to while it runs a sweep's jobs. */
export interface BackendListener {
  started?(job: RunJob): void;
  finished(outcome: RunOutcome): void;
  failed(job: RunJob, message: string): void;
}

/** What a backend says about itself at the end (printed and stored in sweep.json). */
export interface BackendStats {
  backend: string;
  workers?: number;
  submitted: number;
  completed: number;
  failed: number;
  /** Runs started more than once (a worker died or stalled and the run was retried). */
  retried: number;
  /** Runs already finished elsewhere (e.g. a job completed in Redis by an earlier submission). */
  reused?: number;
}

/** Runs jobs somewhere (threads on this machine, workers behind Redis) and reports each outcome. */
export interface Backend {
  run(jobs: RunJob[], listener: BackendListener): Promise<BackendStats>;
  /** Stops as soon as possible (Ctrl-C): runs in flight are abandoned. */
  abort(): Promise<void>;
}
