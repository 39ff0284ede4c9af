import type { SandboxedJob } from 'bullmq';
import { executeRun } from '../execute.ts';
import type { RunJob } from '../plan.ts';
import { toWire } from './wire.ts';

/**
 * BullMQ's sandboxed processor (one child process per concurrent job slot): runs one sweep run
 * and returns its outcome. Exits with its parent: a worker killed with SIGKILL leaves no orphan
 * still computing a run that another worker will redo.
 */
process.on('disconnect', () => process.exit(1));

export default async function processRun(job: SandboxedJob<RunJob>) {
  return toWire(executeRun(job.data));
}
