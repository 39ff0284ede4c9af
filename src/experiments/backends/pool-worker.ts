import { executeRun } from '../execute.ts';
import type { RunJob } from '../plan.ts';

/** A local pool thread: one run per task (piscina calls the default export). */
export default function runInThread(job: RunJob) {
  return executeRun(job);
}
