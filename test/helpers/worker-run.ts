import { parentPort, workerData } from 'node:worker_threads';
import { runAlatau } from './sim.ts';

// Runs the same simulation inside a worker thread and posts back its replay and state hash.
const { seed, durationS } = workerData as { seed: number; durationS: number };
const sim = runAlatau(seed, durationS);
const replay = sim.replayBytes();
parentPort!.postMessage({ replay, stateHash: sim.stateHash() });
