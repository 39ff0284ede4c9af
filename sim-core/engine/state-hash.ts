import { CLASS_COUNT } from '../world/world.ts';
import { PHASE_FREE } from '../world/agents.ts';
import { StateHasher } from '../world/hash.ts';
import type { EngineState } from './state.ts';

/**
 * A 64-bit hash of the complete engine state: tick, every live agent, counters, demand and the
 * departure queue. Tests compare it across runs, processes and worker counts; a change to what it
 * covers (or its order) changes every recorded hash, so say so in the commit.
 */
export function stateHash(st: EngineState): string {
  const h = new StateHasher();
  const a = st.agents;
  const windy = st.world.wind.model !== 'none';
  // Likewise the state of charge only when some class has a battery.
  const batteries = st.world.classes.some((c) => c.battery !== null);
  h.u32(st.tick).u32(st.ids.count);
  for (let s = 0; s < a.highWater; s++) {
    if (a.phase[s] === PHASE_FREE) continue;
    h.u32(s).u32(a.id[s]).u32(a.phase[s]).u32(a.wpIdx[s]).u32(a.pad[s]);
    h.f64(a.x[s]).f64(a.y[s]).f64(a.z[s]).f64(a.gs[s]).f64(a.vz[s]).f64(a.trk[s]);
    if (windy) h.f64(a.tas[s]);
    if (batteries) h.f64(a.soc[s]);
  }
  // Wind state only when there is wind: calm runs keep the hashes recorded before wind existed.
  if (windy) h.f64(st.wind.gustE).f64(st.wind.gustN);
  const m = st.metrics;
  for (const col of [m.spawned, m.completed, m.tripTicks, m.distanceM, m.energyJ, m.holds, m.holdTicks, m.rejected, m.conflicts, m.los]) for (let c = 0; c < CLASS_COUNT; c++) h.f64(col[c]);
  for (const t of st.demand.nextTimeS) h.f64(t);
  h.u32(st.nextTrip).u32(st.pending.length);
  for (const d of st.pending) h.u32(d.departTick).u32(d.seq);
  // Door-to-door passengers still on their access leg (none when the model is off: hashes unchanged).
  for (const d of st.doorToDoor.due) h.u32(d.tick).u32(d.trip);
  return h.hex();
}
