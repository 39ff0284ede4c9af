import { compileWorld, Simulation, type Scenario } from '../sim-core/index.ts';

export interface RunResult {
  summary: Record<string, unknown>;
  replay: Uint8Array | null;
}

/** Runs a loaded scenario; pure apart from the optional progress callback. */
export function runScenario(scenario: Scenario, seed: number, durationS: number, options: { replay: boolean; onProgress?: (done: number, total: number) => void }): RunResult & { sim: Simulation; wallS: number } {
  const world = compileWorld(scenario, seed);
  const sim = new Simulation(world, { record: options.replay });
  const ticks = Math.round(durationS / world.dt);
  const t0 = performance.now();
  sim.run(ticks, options.onProgress ? (done) => options.onProgress!(done, ticks) : undefined, 200);
  const wallS = (performance.now() - t0) / 1000;
  const replay = options.replay ? sim.replayBytes() : null;
  const summary = {
    ...sim.summary(),
    replay: replay ? { file: 'replay.skw', bytes: replay.length, frames: sim.recorder!.frameCount } : null,
    performance: { wall_s: round(wallS, 3), speedup: round((ticks * world.dt) / Math.max(wallS, 1e-9), 1) },
  };
  return { summary, replay, sim, wallS };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

