import type { World } from '../world/world.ts';
import { EngineState, type SimulationOptions } from './state.ts';
import { runTick } from './tick.ts';
import { stateHash } from './state-hash.ts';
import { finishReplay } from './systems/record.ts';
import { airspaceSummary, classSummary, groundSummary, runSummary } from './summary.ts';

export type { SimulationOptions } from './state.ts';
export { HOVER_YAW_MPS } from './systems/flight.ts';

/**
 * The engine: one World (which carries the seed), integer ticks of fixed dt. State lives in
 * EngineState (agent columns and subsystems); `step()` runs one tick of the systems in the order
 * engine/tick.ts lists. Pure: no wall clock, no I/O, no Node APIs.
 */
export class Simulation extends EngineState {
  constructor(world: World, options: SimulationOptions = {}) {
    super(world, options);
  }

  /** The run's seed (from the World). */
  get seed(): number {
    return this.world.seed;
  }

  /** Ids handed out so far. */
  get nextId(): number {
    return this.ids.count;
  }

  /** The lane-level ground traffic (null when ground vehicles drive alone). */
  get ground() {
    return this.groundLink?.traffic ?? null;
  }

  step(): void {
    runTick(this);
  }

  /** Runs `ticks` ticks; `onProgress(done)` is called every `every` ticks and at the end. */
  run(ticks: number, onProgress?: (done: number) => void, every = 200): void {
    for (let i = 0; i < ticks; i++) {
      runTick(this);
      if (onProgress && (i + 1) % every === 0) onProgress(i + 1);
    }
    onProgress?.(ticks);
  }

  /** A 64-bit hash of the complete engine state (engine/state-hash.ts). */
  stateHash(): string {
    return stateHash(this);
  }

  /** The replay file (requires recording to be on). */
  replayBytes(): Uint8Array {
    return finishReplay(this, stateHash(this));
  }

  /** Has agent `id` reached its destination? */
  hasArrived(id: number): boolean {
    return this.ids.hasArrived(id);
  }

  classSummary() {
    return classSummary(this);
  }

  airspaceSummary() {
    return airspaceSummary(this);
  }

  groundSummary() {
    return groundSummary(this);
  }

  /** The summary.json body (engine/summary.ts). */
  summary() {
    return runSummary(this, stateHash(this));
  }
}
