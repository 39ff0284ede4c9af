import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { compileWorld, Simulation, type Scenario } from '../sim-core/index.ts';
import { ParallelBroadPhase } from './parallel/parallel-broad-phase.ts';

export interface RunResult {
  summary: Record<string, unknown>;
  replay: Uint8Array | null;
}

interface RunOptions {
  replay: boolean;
  onProgress?: (done: number, total: number, sim: Simulation) => void;
  /** Threads for tactical detection (the sliced grid split, src/parallel/); results do not depend on it. */
  workers?: number;
}

/**
 * The tactical broad phase for `workers` threads: the sliced grid split across threads when the
 * scenario uses it and more than one is asked for, else the scenario's own (undefined).
 */
function broadPhaseFor(scenario: Scenario, workers = 1): ParallelBroadPhase | undefined {
  if (workers <= 1 || !scenario.tactical.enabled || scenario.tactical.broadphase !== 'sliced-grid') return undefined;
  return new ParallelBroadPhase(workers);
}

/** Runs a loaded scenario; pure apart from the optional progress callback. */
export function runScenario(scenario: Scenario, seed: number, durationS: number, options: RunOptions): RunResult & { sim: Simulation; wallS: number } {
  const world = compileWorld(scenario, seed);
  const broadPhase = broadPhaseFor(scenario, options.workers);
  const sim = new Simulation(world, { record: options.replay, broadPhase });
  const ticks = Math.round(durationS / world.dt);
  const t0 = performance.now();
  try {
    sim.run(ticks, options.onProgress ? (done) => options.onProgress!(done, ticks, sim) : undefined, 200);
  } finally {
    void broadPhase?.close();
  }
  return finish(sim, ticks, (performance.now() - t0) / 1000, options.replay, false);
}

/** Ticks between two looks at the event loop (signals, timers) in the interruptible runner. */
const CHUNK_TICKS = 200;

/**
 * The same run, in chunks that give the event loop a turn, so Ctrl-C and SIGTERM are seen while
 * the simulation runs (a synchronous loop would hold them until the end). `shouldStop` is asked
 * after every chunk; a stopped run returns its state so far with `partial: true`.
 */
export async function runScenarioInterruptible(scenario: Scenario, seed: number, durationS: number, options: RunOptions & { shouldStop: () => boolean }): Promise<RunResult & { sim: Simulation; wallS: number; interrupted: boolean }> {
  const world = compileWorld(scenario, seed);
  const broadPhase = broadPhaseFor(scenario, options.workers);
  const sim = new Simulation(world, { record: options.replay, broadPhase });
  const ticks = Math.round(durationS / world.dt);
  const t0 = performance.now();
  let done = 0;
  try {
    while (done < ticks) {
      const n = Math.min(CHUNK_TICKS, ticks - done);
      sim.run(n);
      done += n;
      options.onProgress?.(done, ticks, sim);
      await yieldToEventLoop();
      if (options.shouldStop()) break;
    }
  } finally {
    await broadPhase?.close();
  }
  const interrupted = done < ticks;
  return { ...finish(sim, done, (performance.now() - t0) / 1000, options.replay, interrupted), interrupted };
}

function finish(sim: Simulation, ticks: number, wallS: number, withReplay: boolean, partial: boolean): RunResult & { sim: Simulation; wallS: number } {
  const replay = withReplay ? sim.replayBytes() : null;
  const summary = {
    ...(partial ? { partial: true } : {}),
    ...sim.summary(),
    replay: replay ? { file: 'replay.skw', bytes: replay.length, frames: sim.recorder!.frameCount } : null,
    performance: { wall_s: round(wallS, 3), speedup: round((ticks * sim.world.dt) / Math.max(wallS, 1e-9), 1) },
  };
  return { summary, replay, sim, wallS };
}

export const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
