import type { EngineState } from '../state.ts';

/** Phase 9, record: a replay frame of every live agent every `recordEveryTicks` ticks (replay/writer.ts). */
export function recordFrame(st: EngineState): void {
  if (st.recorder && st.tick % st.world.recordEveryTicks === 0) st.recorder.addFrame(st.tick, st.agents);
}

/** The finished replay: a last frame at the current tick, the id table, the events and the state hash. */
export function finishReplay(st: EngineState, stateHash: string): Uint8Array {
  if (!st.recorder) throw new Error('replay recording is off for this simulation');
  if (st.tick % st.world.recordEveryTicks !== 0) st.recorder.addFrame(st.tick, st.agents);
  const ids = st.ids;
  return st.recorder.finish(st.tick, stateHash, { count: ids.count, cls: ids.cls, flow: ids.flow, spawnTick: ids.spawnTick, arriveTick: ids.arriveTick }, st.events.bytes(), st.events.count);
}
